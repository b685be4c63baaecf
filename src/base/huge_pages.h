// An allocator for big arrays that are read at random (factor matrices gathered row by row):
// blocks of 2 MiB or more are 2 MiB-aligned and marked MADV_HUGEPAGE before their first touch, so
// Linux backs them with transparent huge pages where it offers them ("madvise" mode is the common
// default). A random row then costs no TLB miss: 2,048 TLB entries cover 4 GiB instead of 8 MiB.
// Smaller blocks, and systems without huge pages, get ordinary memory; behaviour is the same.
//
// Thread safety: stateless; allocate/deallocate may be called from any thread.
#pragma once

#include <cstddef>
#include <vector>

namespace attune {

// Raw memory for `bytes` bytes (see above); release with FreeHugePageFriendly(p, bytes).
void* AllocateHugePageFriendly(size_t bytes);
void FreeHugePageFriendly(void* p, size_t bytes);

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(AllocateHugePageFriendly(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeHugePageFriendly(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

// A vector whose big buffers are huge-page friendly.
template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace attune
