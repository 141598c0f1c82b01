#include "intent/fast_path.h"

#include <gtest/gtest.h>

#include "vehicle/catalog.h"

namespace dm::intent {
namespace {

using Json = nlohmann::json;

class FastPathTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto catalog = vehicle::Catalog::Load(std::string(DM_SOURCE_DIR) + "/data/vehicle");
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = new vehicle::Catalog(std::move(catalog).value());
    index_ = new CatalogIndex(*catalog_);
  }
  static void TearDownTestSuite() {
    delete index_;
    delete catalog_;
  }
  FastPathResult Parse(std::string_view text) const { return FastPathParser(*index_, Lexicon::Default()).Parse(text); }

  static vehicle::Catalog* catalog_;
  static CatalogIndex* index_;
};
vehicle::Catalog* FastPathTest::catalog_ = nullptr;
CatalogIndex* FastPathTest::index_ = nullptr;

TEST_F(FastPathTest, ExplicitTemperatureWithZone) {
  auto r = Parse("副驾温度调到二十度");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "set_cabin_temperature");
  EXPECT_EQ(r.calls[0].arguments["zone"], "passenger");
  EXPECT_EQ(r.calls[0].arguments["temperature"], 20);
  EXPECT_GE(r.confidence, FastPathParser::kConfidentThreshold);
  EXPECT_EQ(r.lang, "zh");
}

TEST_F(FastPathTest, RelativeChangeUsesAdjust) {
  auto r = Parse("make it two degrees cooler");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "set_cabin_temperature");
  EXPECT_EQ(r.calls[0].arguments["temperature_adjust"], "decrease");
  EXPECT_EQ(r.calls[0].arguments["temperature_by"], 2);
  EXPECT_EQ(r.lang, "en");
}

TEST_F(FastPathTest, DirectionWordsPickTheAxis) {
  // set_seat_position has four stepped numbers; the words say which one moves.
  struct Case {
    const char* text;
    const char* arg;
    const char* adjust;
  };
  for (const Case& c : {Case{"把主驾座椅往前移", "position_adjust", "increase"},
                        Case{"座椅往后调一点", "position_adjust", "decrease"},
                        Case{"座椅调高一点", "height_adjust", "increase"},
                        Case{"move my seat forward", "position_adjust", "increase"},
                        Case{"腿托伸长一点", "cushion_length_adjust", "increase"}}) {
    auto r = Parse(c.text);
    ASSERT_EQ(r.calls.size(), 1u) << c.text;
    EXPECT_EQ(r.calls[0].name, "set_seat_position") << c.text;
    EXPECT_EQ(r.calls[0].arguments.value(c.arg, ""), c.adjust) << c.text << " " << r.calls[0].arguments.dump();
  }
  auto r = Parse("把座椅靠背调直一点");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].arguments.value("recline_adjust", ""), "decrease");
  // A function with one number keeps its own up/down cues.
  r = Parse("把温度调高一点");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].arguments.value("temperature_adjust", ""), "increase");
}

TEST_F(FastPathTest, MultiIntentSplitsAndInherits) {
  auto r = Parse("打开车窗并把空调调到22度");
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[0].name, "set_window");
  EXPECT_EQ(r.calls[1].name, "set_cabin_temperature");
  EXPECT_EQ(r.calls[1].arguments["temperature"], 22);
  r = Parse("主驾温度调到22度，副驾调到24度");
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[1].name, "set_cabin_temperature");
  EXPECT_EQ(r.calls[1].arguments["zone"], "passenger");
  EXPECT_EQ(r.calls[1].arguments["temperature"], 24);
}

TEST_F(FastPathTest, SeatHeatingLevels) {
  auto r = Parse("座椅加热开到三档");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "set_seat_heating_cooling");
  EXPECT_EQ(r.calls[0].arguments["level"], 100);
  r = Parse("turn on seat ventilation");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_LT(r.calls[0].arguments["level"].get<int>(), 0);
}

TEST_F(FastPathTest, MissingValueAsks) {
  auto r = Parse("把温度调到");
  EXPECT_TRUE(r.calls.empty());
  ASSERT_EQ(r.clarify.size(), 1u);
  EXPECT_EQ(r.clarify[0].function, "set_cabin_temperature");
}

TEST_F(FastPathTest, ChitChatAndQuestionsDoNothing) {
  for (const char* text : {"你好", "tell me a joke", "I had a great day", "谢谢你"}) {
    auto r = Parse(text);
    EXPECT_TRUE(r.calls.empty()) << text;
    EXPECT_TRUE(r.no_intent) << text;
  }
  auto r = Parse("is the sunroof open");
  EXPECT_TRUE(r.calls.empty());
  EXPECT_EQ(r.queries.size(), 1u);
}

TEST_F(FastPathTest, FreeTextSlots) {
  auto r = Parse("给李四发短信说我晚点到");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].name, "send_message");
  EXPECT_EQ(r.calls[0].arguments["contact"], "李四");
  r = Parse("dial 10086");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].arguments["number"], "10086");
}

TEST_F(FastPathTest, RetrievalFindsExpectedTools) {
  auto r = Parse("把左后车窗打开一半");
  ASSERT_FALSE(r.retrieved.empty());
  EXPECT_NE(std::find(r.retrieved.begin(), r.retrieved.end(), "set_window"), r.retrieved.end());
}

}  // namespace
}  // namespace dm::intent
