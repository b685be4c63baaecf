#include "synth/vocabulary.h"

#include <array>

namespace attune::synth {
namespace {

using W = std::string_view;

constexpr std::array<W, 8> kPoliticsTags = {"election", "parliament", "budget", "tax",
                                            "immigration", "polls", "local-government", "courts"};
constexpr std::array<W, 6> kPoliticsSubjects = {"City council", "The prime minister",
                                                "Opposition leaders", "Lawmakers",
                                                "The finance minister", "Supreme court"};
constexpr std::array<W, 6> kPoliticsActions = {"approves", "rejects", "delays", "defends",
                                               "debates", "challenges"};
constexpr std::array<W, 6> kPoliticsObjects = {"new tram line", "tax reform", "housing bill",
                                               "budget cuts", "voting rules", "pension plan"};

constexpr std::array<W, 8> kBusinessTags = {"markets", "startups", "jobs", "inflation",
                                            "energy-prices", "retail", "banking", "housing"};
constexpr std::array<W, 6> kBusinessSubjects = {"Central bank", "Local bakery chain",
                                                "Shipping giant", "Tech startup",
                                                "Retailers", "Car maker"};
constexpr std::array<W, 6> kBusinessActions = {"raises", "cuts", "unveils", "warns over",
                                               "bets on", "scraps"};
constexpr std::array<W, 6> kBusinessObjects = {"interest rates", "hundreds of jobs",
                                               "quarterly profits", "expansion plans",
                                               "prices", "a four-day week"};

constexpr std::array<W, 8> kTechTags = {"ai", "smartphones", "privacy", "cybersecurity",
                                        "gaming", "social-media", "chips", "open-source"};
constexpr std::array<W, 6> kTechSubjects = {"Chip maker", "Regulators", "Hackers",
                                            "Open-source developers", "Phone maker",
                                            "Researchers"};
constexpr std::array<W, 6> kTechActions = {"launches", "fines", "breaches", "releases",
                                           "recalls", "tests"};
constexpr std::array<W, 6> kTechObjects = {"a faster AI model", "a new smartphone",
                                           "millions of passwords", "a privacy tool",
                                           "a foldable laptop", "a chatbot for schools"};

constexpr std::array<W, 8> kScienceTags = {"space", "physics", "biology", "archaeology",
                                           "astronomy", "genetics", "oceans", "research"};
constexpr std::array<W, 6> kScienceSubjects = {"Astronomers", "Space agency", "Geneticists",
                                               "Archaeologists", "Physicists", "A deep-sea probe"};
constexpr std::array<W, 6> kScienceActions = {"discover", "map", "spot", "unearth", "measure",
                                              "decode"};
constexpr std::array<W, 6> kScienceObjects = {"a distant exoplanet", "an ancient city",
                                              "a new species", "the oldest star",
                                              "a lost shipwreck", "dark matter clues"};

constexpr std::array<W, 8> kHealthTags = {"vaccines", "nutrition", "mental-health", "hospitals",
                                          "fitness", "sleep", "cancer", "public-health"};
constexpr std::array<W, 6> kHealthSubjects = {"Doctors", "Health officials", "A new study",
                                              "Hospitals", "Nutritionists", "Nurses"};
constexpr std::array<W, 6> kHealthActions = {"recommend", "warn about", "link", "question",
                                             "expand", "rethink"};
constexpr std::array<W, 6> kHealthObjects = {"daily walks", "flu vaccines", "screen time",
                                             "late-night snacks", "waiting lists",
                                             "four hours of sleep"};

constexpr std::array<W, 8> kSportsTags = {"football", "tennis", "cycling", "basketball",
                                          "athletics", "transfers", "olympics", "formula-1"};
constexpr std::array<W, 6> kSportsSubjects = {"The home side", "Veteran striker",
                                              "Tennis champion", "Cycling team",
                                              "The national coach", "Rookie driver"};
constexpr std::array<W, 6> kSportsActions = {"wins", "loses", "signs for", "withdraws from",
                                             "dominates", "stuns"};
constexpr std::array<W, 6> kSportsObjects = {"the derby", "the cup final", "a record deal",
                                             "the grand prix", "the semi-final",
                                             "the title race"};

constexpr std::array<W, 8> kCultureTags = {"film", "music", "books", "theatre", "art",
                                           "television", "festivals", "museums"};
constexpr std::array<W, 6> kCultureSubjects = {"Award-winning director", "Indie band",
                                               "The city museum", "Bestselling author",
                                               "Streaming service", "Festival organisers"};
constexpr std::array<W, 6> kCultureActions = {"announces", "cancels", "premieres", "revives",
                                              "celebrates", "sells out"};
constexpr std::array<W, 6> kCultureObjects = {"a summer tour", "a new trilogy",
                                              "a retrospective", "the opening night",
                                              "a surprise album", "a sequel"};

constexpr std::array<W, 8> kWorldTags = {"europe", "asia", "africa", "americas", "diplomacy",
                                         "conflict", "trade", "united-nations"};
constexpr std::array<W, 6> kWorldSubjects = {"Foreign ministers", "Peace envoys",
                                             "Neighbouring states", "Aid agencies",
                                             "Trade negotiators", "Protesters"};
constexpr std::array<W, 6> kWorldActions = {"agree on", "walk out of", "call for", "sign",
                                            "resume", "condemn"};
constexpr std::array<W, 6> kWorldObjects = {"a ceasefire", "a border deal", "new sanctions",
                                            "a trade pact", "emergency talks",
                                            "an aid corridor"};

constexpr std::array<W, 8> kClimateTags = {"heatwave", "floods", "renewables", "emissions",
                                           "wildlife", "drought", "electric-cars", "recycling"};
constexpr std::array<W, 6> kClimateSubjects = {"Climate scientists", "Farmers",
                                               "Wind farm operators", "Coastal towns",
                                               "Environment agency", "Campaigners"};
constexpr std::array<W, 6> kClimateActions = {"brace for", "report", "switch to", "fight",
                                              "track", "protest against"};
constexpr std::array<W, 6> kClimateObjects = {"record heat", "rising sea levels",
                                              "solar power", "a dry summer",
                                              "river pollution", "a new airport runway"};

constexpr std::array<W, 8> kLocalTags = {"transport", "schools", "crime", "weather", "housing",
                                         "restaurants", "events", "roadworks"};
constexpr std::array<W, 6> kLocalSubjects = {"Residents", "Police", "The local school",
                                             "Bus company", "Neighbourhood group",
                                             "Market traders"};
constexpr std::array<W, 6> kLocalActions = {"oppose", "investigate", "celebrate", "reroute",
                                            "clean up", "petition for"};
constexpr std::array<W, 6> kLocalObjects = {"the old harbour", "night buses",
                                            "a new playground", "the riverside path",
                                            "parking fees", "the Saturday market"};

const std::array<CategoryWords, 10> kCategories = {{
    {"politics", 1.3, kPoliticsTags, kPoliticsSubjects, kPoliticsActions, kPoliticsObjects},
    {"business", 1.1, kBusinessTags, kBusinessSubjects, kBusinessActions, kBusinessObjects},
    {"technology", 1.0, kTechTags, kTechSubjects, kTechActions, kTechObjects},
    {"science", 0.6, kScienceTags, kScienceSubjects, kScienceActions, kScienceObjects},
    {"health", 0.8, kHealthTags, kHealthSubjects, kHealthActions, kHealthObjects},
    {"sports", 1.2, kSportsTags, kSportsSubjects, kSportsActions, kSportsObjects},
    {"culture", 0.7, kCultureTags, kCultureSubjects, kCultureActions, kCultureObjects},
    {"world", 1.1, kWorldTags, kWorldSubjects, kWorldActions, kWorldObjects},
    {"climate", 0.6, kClimateTags, kClimateSubjects, kClimateActions, kClimateObjects},
    {"local", 0.9, kLocalTags, kLocalSubjects, kLocalActions, kLocalObjects},
}};

constexpr std::array<W, 12> kSources = {
    "The Daily Ledger", "Metro Wire", "Harbour Herald", "Northern Post", "The Signal",
    "Civic Times", "Evening Courier", "Open Press Agency", "The Observer Desk",
    "Riverside Gazette", "Global Brief", "Morning Star Online"};

constexpr std::array<W, 8> kRegions = {"north", "south", "east", "west",
                                       "central", "coast", "islands", "abroad"};

constexpr std::array<W, 7> kTails = {"experts say", "sources say", "report finds",
                                     "officials confirm", "data shows", "and why it matters",
                                     "critics warn"};

constexpr std::array<W, 6> kQuotes = {"We are not done yet", "A turning point",
                                      "Nobody saw this coming", "It is a fair deal",
                                      "Too little, too late", "This changes everything"};

}  // namespace

std::span<const CategoryWords> Categories() { return kCategories; }
std::span<const std::string_view> Sources() { return kSources; }
std::span<const std::string_view> Regions() { return kRegions; }
std::span<const std::string_view> TitleTails() { return kTails; }
std::span<const std::string_view> TitleQuotes() { return kQuotes; }

}  // namespace attune::synth
