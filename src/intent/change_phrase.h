// How a reply names one signal change or reading, in Chinese or English,
// from the catalog's function names, argument labels and instance names:
//
//   Vehicle.Cabin.Door.Row1.PassengerSide.Window.IsOpen = true
//     zh "已打开副驾车窗"    en "opened the front passenger window"
//   Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature = 22
//     zh "主驾空调温度调到22度"  en "driver cabin temperature set to 22°C"
//   reading the same signal: zh "主驾空调温度为22度"  en "driver cabin temperature is 22°C"
//   the same change at several places: zh "已打开主驾、副驾氛围灯"
//   an entry added to a list (Reminders.Items): zh "已创建提醒：明天八点 加油"
//
// The subject is the function's name with its verb removed ("车窗开关" ->
// "车窗", "Open/close windows" -> "windows", singular when a place is named),
// plus the argument's label when it says more than the name (a descriptive
// label such as "档位：正为加热，负为通风" is cut at its first colon or
// parenthesis); a switch's label picks its verbs (打开/关闭, 锁上/解锁,
// 折叠/展开; turned on/off, opened/closed, locked/unlocked, folded/unfolded).
// A path no setter writes is named by its last segment.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vehicle/catalog.h"

namespace dm::intent {

// A signal and its value in the signal's VSS unit ("percent", "Celsius").
struct SignalValue {
  std::string path;
  nlohmann::json value;
  std::string unit;
  nlohmann::json from = nullptr;  // a change's old value (lists: what was there before)
};

// A signal's name without a value: "副驾车窗", "front passenger window".
std::string SignalName(const vehicle::Catalog& catalog, const std::string& path, bool zh);

// Clauses without final punctuation, in order; neighbours that differ only in
// their place share one clause ("已打开主驾、副驾氛围灯").
std::vector<std::string> PhraseChanges(const vehicle::Catalog& catalog, const std::vector<SignalValue>& changes,
                                       bool zh);
std::vector<std::string> PhraseReadings(const vehicle::Catalog& catalog, const std::vector<SignalValue>& readings,
                                        bool zh);

}  // namespace dm::intent
