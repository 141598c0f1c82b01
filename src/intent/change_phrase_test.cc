#include "intent/change_phrase.h"

#include <gtest/gtest.h>

#include "intent/replies.h"

namespace dm::intent {
namespace {

using Json = nlohmann::json;

class ChangePhraseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto catalog = vehicle::Catalog::Load(std::string(DM_SOURCE_DIR) + "/data/vehicle");
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = new vehicle::Catalog(std::move(catalog).value());
  }
  static void TearDownTestSuite() { delete catalog_; }

  static std::string Changes(const std::vector<SignalValue>& values, bool zh) {
    std::string out;
    for (const std::string& clause : PhraseChanges(*catalog_, values, zh)) out += (out.empty() ? "" : " | ") + clause;
    return out;
  }

  static vehicle::Catalog* catalog_;
};
vehicle::Catalog* ChangePhraseTest::catalog_ = nullptr;

const std::string kPassengerWindow = "Vehicle.Cabin.Door.Row1.PassengerSide.Window.IsOpen";
const std::string kDriverTemperature = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature";

TEST_F(ChangePhraseTest, ASwitchIsSaidWithItsVerb) {
  EXPECT_EQ(Changes({{kPassengerWindow, true, ""}}, true), "已打开副驾车窗");
  EXPECT_EQ(Changes({{kPassengerWindow, false, ""}}, false), "closed the front passenger window");
  EXPECT_EQ(Changes({{"Vehicle.Body.Mirrors.DriverSide.IsFolded", true, ""}}, true), "已折叠左后视镜");
}

TEST_F(ChangePhraseTest, ANumberIsSaidWithItsPlaceAndUnit) {
  EXPECT_EQ(Changes({{kDriverTemperature, 22, "Celsius"}}, true), "主驾空调温度调到22度");
  EXPECT_EQ(Changes({{kDriverTemperature, 22, "Celsius"}}, false), "driver cabin temperature set to 22°C");
  // The label's overlap with the function's name is said once.
  EXPECT_EQ(Changes({{"Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level", 50, "percent"}}, true),
            "主驾座椅按摩强度调到50%");
}

TEST_F(ChangePhraseTest, TheSameChangeAtSeveralPlacesIsOneClause) {
  const std::vector<SignalValue> all = {
      {"Vehicle.Cabin.Door.Row1.DriverSide.Window.IsOpen", true, ""},
      {kPassengerWindow, true, ""},
      {"Vehicle.Cabin.Door.Row2.DriverSide.Window.IsOpen", true, ""},
  };
  EXPECT_EQ(Changes(all, true), "已打开主驾、副驾、左后车窗");
  EXPECT_EQ(Changes(all, false), "opened the driver, front passenger and rear left windows");
  // Different values stay apart.
  EXPECT_EQ(Changes({{kPassengerWindow, true, ""}, {"Vehicle.Cabin.Door.Row1.DriverSide.Window.IsOpen", false, ""}},
                    true),
            "已打开副驾车窗 | 已关闭主驾车窗");
}

TEST_F(ChangePhraseTest, AnAddedListEntryIsSaidWithItsFunction) {
  const Json before = Json::array({"今天 买菜"});
  const Json after = Json::array({"今天 买菜", "明天早上八点 去加油"});
  EXPECT_EQ(Changes({{"Reminders.Items", after, "", before}}, true), "已创建提醒：明天早上八点 去加油");
}

TEST_F(ChangePhraseTest, ReadingsSayTheValue) {
  const auto clauses = PhraseReadings(*catalog_, {{kDriverTemperature, 24, "Celsius"}}, true);
  ASSERT_EQ(clauses.size(), 1u);
  EXPECT_EQ(clauses[0], "主驾空调温度为24度");
}

TEST_F(ChangePhraseTest, AnUnknownPathIsNamedByItsLastSegment) {
  EXPECT_EQ(Changes({{"Vehicle.Nowhere.Gadget", 3, ""}}, false), "Gadget set to 3");
}

TEST_F(ChangePhraseTest, RepliesAreSentences) {
  TurnFacts facts;
  facts.lang = "en";
  facts.changes.push_back({kPassengerWindow, false, true});
  EXPECT_EQ(ComposeReply(facts, *catalog_), "Opened the front passenger window.");
  facts.lang = "zh";
  EXPECT_EQ(ComposeReply(facts, *catalog_), "好的，已打开副驾车窗。");
}

TEST_F(ChangePhraseTest, AnActionWithATemplateSpeaksForItsChanges) {
  TurnFacts facts;
  facts.lang = "zh";
  facts.calls.push_back({"set_window", Json{{"window", "passenger"}, {"open", true}}});
  facts.calls.push_back({"navigate_to", Json{{"place", "北京西站"}}});
  facts.changes.push_back({"Navigation.Destination.Name", "", "北京西站"});
  facts.changes.push_back({"Navigation.State", "IDLE", "GUIDING"});
  facts.changes.push_back({kPassengerWindow, false, true});
  // Call order, and no "State调到GUIDING".
  EXPECT_EQ(ComposeReply(facts, *catalog_), "好的，已打开副驾车窗，开始导航去北京西站。");
  facts.lang = "en";
  facts.calls[1].arguments = Json::object();  // no place: the template without one
  EXPECT_EQ(ComposeReply(facts, *catalog_), "Opened the front passenger window, navigation started.");
}

// A fixed write through an instance ("Media.Video.{screen}.IsPlaying") is the
// template's too, once expanded.
TEST_F(ChangePhraseTest, TemplateCoversItsFixedWritesAtEveryInstance) {
  TurnFacts facts;
  facts.lang = "zh";
  facts.calls.push_back({"play_video", Json{{"screen", "passenger"}, {"title", "流浪地球"}}});
  facts.changes.push_back({"Media.Video.Passenger.Title", "", "流浪地球"});
  facts.changes.push_back({"Media.Video.Passenger.IsPlaying", false, true});
  EXPECT_EQ(ComposeReply(facts, *catalog_), "好的，正在播放流浪地球。");
}

}  // namespace
}  // namespace dm::intent
