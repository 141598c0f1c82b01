#include "model/model.h"

#include <cstdint>

#include "util/timer.h"

namespace dm {

Result<std::unique_ptr<Model>> Model::Load(const std::string& path) {
  Timer timer;
  auto file = GgufFile::Open(path);
  if (!file.ok()) return file.status();  // names the file already
  auto model = FromGguf(std::move(file).value());
  if (!model.ok()) return model.status().WithContext(path);
  (*model)->load_ms_ = timer.Millis();
  return model;
}

Result<std::unique_ptr<Model>> Model::FromGguf(GgufFile file) {
  Timer timer;
  std::unique_ptr<Model> model(new Model());
  model->file_ = std::move(file);
  DM_ASSIGN_OR_RETURN(model->config_, ConfigFromGguf(model->file_));
  DM_ASSIGN_OR_RETURN(model->weights_, WeightsFromGguf(model->file_, model->config_));
  DM_ASSIGN_OR_RETURN(model->interleaved_, InterleavedWeights::Make(model->weights_, model->file_));
  // The copies read the matrices through the mapping; what is still read
  // through it (metadata, matrices kept as stored) maps again on first use.
  if (model->interleaved_.bytes() > 0) model->file_.ReleaseMappedPages();
  model->rope_ = RopeAngles(model->config_, model->weights_.rope_freqs);
  model->load_ms_ = timer.Millis();
  return model;
}

}  // namespace dm
