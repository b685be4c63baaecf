// Status and Result<T>: errors as values.
//
// Everything the outside world can break (I/O, SQL, CSV rows, JSON, configuration) returns a
// Status or a Result<T>. Messages carry their context ("events.csv:1042: bad TIMESTAMP \"abc\"").
// The codes are few on purpose; http/status_to_http.cc is the one place that maps them to HTTP.
// Thread safety: values, freely copied; no shared state.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace attune {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller sent something wrong: fix the input
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // creating something that is already there
  kFailedPrecondition,  // the system is not in a state where this can run (e.g. too little data)
  kUnavailable,         // try again later (busy, shutting down, I/O)
  kCancelled,           // stopped on request
  kInternal,            // a bug or a broken invariant: report it
  kUnauthenticated,     // no key, or an unknown one
  kPermissionDenied,    // the key's role does not allow this
  kResourceExhausted,   // over a size or rate limit (e.g. body too large)
};

// The lower-case name used in JSON error bodies: "invalid_argument", "not_found", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: message", or "ok".
  std::string ToString() const;
  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
inline Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }

// A value or the Status that explains why there is none. Never holds an OK status without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit on purpose, like absl::StatusOr
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<Status, T> state_;
};

}  // namespace attune

// Returns from the enclosing function when `expr` (a Status) is not OK.
#define ATTUNE_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::attune::Status attune_status_ = (expr);   \
    if (!attune_status_.ok()) return attune_status_; \
  } while (0)

#define ATTUNE_CONCAT_INNER(a, b) a##b
#define ATTUNE_CONCAT(a, b) ATTUNE_CONCAT_INNER(a, b)
// ATTUNE_ASSIGN_OR_RETURN(auto x, ComputeX()); returns the error when ComputeX() fails.
#define ATTUNE_ASSIGN_OR_RETURN(lhs, expr) \
  ATTUNE_ASSIGN_OR_RETURN_IMPL(ATTUNE_CONCAT(attune_result_, __LINE__), lhs, expr)
#define ATTUNE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
