#include "gguf/gguf_file.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>

#include "util/utf8.h"

namespace dm {

// Reads the header, metadata and tensor infos of a GGUF image, checking every
// length against the bytes that remain before using it.
class GgufParser {
 public:
  explicit GgufParser(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  Status Parse(GgufFile* file);

 private:
  // Nested arrays deeper than this are refused (no real file comes close).
  static constexpr int kMaxArrayDepth = 8;

  size_t remaining() const { return bytes_.size() - pos_; }

  template <typename... Args>
  Status Error(size_t at, fmt::format_string<Args...> format, Args&&... args) const {
    return Corrupt("{} (at byte {})", fmt::format(format, std::forward<Args>(args)...), at);
  }

  template <typename T>
  Status ReadScalar(T* out, const char* what) {
    if (remaining() < sizeof(T)) {
      return Error(pos_, "file ends inside {} ({} bytes needed, {} left)", what, sizeof(T),
                   remaining());
    }
    std::memcpy(out, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::Ok();
  }

  Status ReadString(std::string_view* out, const char* what);
  Status ReadValue(GgufValueType type, GgufValue* out, int depth);
  Status ReadArray(GgufValue* out, int depth);
  Status ReadMetadata(GgufFile* file, uint64_t kv_count);
  Status ReadTensorInfos(GgufFile* file, uint64_t tensor_count);
  Status ReadAlignment(GgufFile* file, const GgufValue& value, size_t at);
  Status PlaceTensors(GgufFile* file, const std::vector<size_t>& info_offsets);

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

Status GgufParser::ReadString(std::string_view* out, const char* what) {
  const size_t at = pos_;
  uint64_t length = 0;
  DM_RETURN_IF_ERROR(ReadScalar(&length, what));
  if (length > remaining()) {
    return Error(at, "{} claims {} bytes but only {} remain", what, length, remaining());
  }
  *out = std::string_view(reinterpret_cast<const char*>(bytes_.data() + pos_),
                          static_cast<size_t>(length));
  pos_ += static_cast<size_t>(length);
  return Status::Ok();
}

Status GgufParser::ReadValue(GgufValueType type, GgufValue* out, int depth) {
  out->type_ = type;
  if (type == GgufValueType::kString) return ReadString(&out->string_, "string value");
  if (type == GgufValueType::kArray) return ReadArray(out, depth + 1);
  const size_t size = GgufScalarSize(type);
  if (remaining() < size) {
    return Error(pos_, "file ends inside a {} value", GgufValueTypeName(type));
  }
  uint64_t bits = 0;
  std::memcpy(&bits, bytes_.data() + pos_, size);
  if (type == GgufValueType::kBool && bits > 1) {
    return Error(pos_, "bool value is {}, not 0 or 1", bits);
  }
  out->bits_ = bits;
  pos_ += size;
  return Status::Ok();
}

Status GgufParser::ReadArray(GgufValue* out, int depth) {
  const size_t at = pos_;
  if (depth > kMaxArrayDepth) return Error(at, "arrays nested deeper than {}", kMaxArrayDepth);
  uint32_t element_type = 0;
  DM_RETURN_IF_ERROR(ReadScalar(&element_type, "array element type"));
  if (!IsKnownGgufValueType(element_type)) {
    return Error(at, "unknown array element type {}", element_type);
  }
  uint64_t count = 0;
  DM_RETURN_IF_ERROR(ReadScalar(&count, "array length"));
  out->element_type_ = static_cast<GgufValueType>(element_type);
  out->count_ = count;
  // Each element takes at least this many bytes, which bounds a forged count
  // by the size of the file before anything is allocated.
  const size_t min_element = out->element_type_ == GgufValueType::kString  ? 8
                             : out->element_type_ == GgufValueType::kArray ? 12
                                 : GgufScalarSize(out->element_type_);
  if (count > remaining() / min_element) {
    return Error(at, "array of {} {} elements does not fit in the {} bytes left", count,
                 GgufValueTypeName(out->element_type_), remaining());
  }
  const auto n = static_cast<size_t>(count);
  if (out->element_type_ == GgufValueType::kString) {
    out->strings_.resize(n);
    for (size_t i = 0; i < n; ++i) DM_RETURN_IF_ERROR(ReadString(&out->strings_[i], "array string"));
  } else if (out->element_type_ == GgufValueType::kArray) {
    out->nested_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      out->nested_[i].type_ = GgufValueType::kArray;
      DM_RETURN_IF_ERROR(ReadArray(&out->nested_[i], depth + 1));
    }
  } else {
    if (out->element_type_ == GgufValueType::kBool) {
      for (size_t i = 0; i < n; ++i) {
        if (bytes_[pos_ + i] > 1) return Error(pos_ + i, "bool array element is not 0 or 1");
      }
    }
    out->raw_ = bytes_.data() + pos_;
    pos_ += n * min_element;
  }
  return Status::Ok();
}

Status GgufParser::ReadMetadata(GgufFile* file, uint64_t kv_count) {
  // A key-value pair takes at least 8 (key length) + 4 (type) + 1 bytes.
  if (kv_count > remaining() / 13) {
    return Error(16, "metadata count {} cannot fit in a {}-byte file", kv_count, bytes_.size());
  }
  file->metadata_.reserve(static_cast<size_t>(kv_count));
  for (uint64_t i = 0; i < kv_count; ++i) {
    const size_t at = pos_;
    GgufKv kv;
    DM_RETURN_IF_ERROR(ReadString(&kv.key, "metadata key"));
    if (kv.key.empty()) return Error(at, "metadata key {} is empty", i);
    if (!IsValidUtf8(kv.key)) return Error(at, "metadata key {} is not valid UTF-8", i);
    uint32_t type = 0;
    const size_t type_at = pos_;
    DM_RETURN_IF_ERROR(ReadScalar(&type, "metadata value type"));
    if (!IsKnownGgufValueType(type)) {
      return Error(type_at, "metadata '{}' has unknown value type {}", kv.key, type);
    }
    Status status = ReadValue(static_cast<GgufValueType>(type), &kv.value, 0);
    if (!status.ok()) return status.WithContext(fmt::format("metadata '{}'", kv.key));
    if (!file->kv_index_.emplace(kv.key, file->metadata_.size()).second) {
      return Error(at, "duplicate metadata key '{}'", kv.key);
    }
    if (kv.key == "general.alignment") DM_RETURN_IF_ERROR(ReadAlignment(file, kv.value, at));
    file->metadata_.push_back(std::move(kv));
  }
  return Status::Ok();
}

Status GgufParser::ReadAlignment(GgufFile* file, const GgufValue& value, size_t at) {
  if (value.type() != GgufValueType::kUint32) {
    return Error(at, "general.alignment has type {}, expected u32", GgufValueTypeName(value.type()));
  }
  uint64_t alignment = *value.AsUint();
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    return Error(at, "general.alignment {} is not a power of two", alignment);
  }
  file->alignment_ = static_cast<uint32_t>(alignment);
  return Status::Ok();
}

Status GgufParser::ReadTensorInfos(GgufFile* file, uint64_t tensor_count) {
  // A tensor info takes at least 8 (name) + 4 + 8 (one dim) + 4 + 8 bytes.
  if (tensor_count > remaining() / 32) {
    return Error(8, "tensor count {} cannot fit in a {}-byte file", tensor_count, bytes_.size());
  }
  std::vector<size_t> info_offsets;
  info_offsets.reserve(static_cast<size_t>(tensor_count));
  file->tensors_.reserve(static_cast<size_t>(tensor_count));
  for (uint64_t i = 0; i < tensor_count; ++i) {
    const size_t at = pos_;
    info_offsets.push_back(at);
    GgufTensorInfo info;
    DM_RETURN_IF_ERROR(ReadString(&info.name, "tensor name"));
    if (!IsValidUtf8(info.name)) return Error(at, "tensor {} name is not valid UTF-8", i);
    uint32_t n_dims = 0;
    DM_RETURN_IF_ERROR(ReadScalar(&n_dims, "tensor dimension count"));
    if (n_dims == 0 || n_dims > kGgufMaxDims) {
      return Error(at, "tensor '{}' has {} dimensions (1..{} allowed)", info.name, n_dims,
                   kGgufMaxDims);
    }
    info.n_dims = static_cast<int>(n_dims);
    uint64_t n_elements = 1;
    for (uint32_t d = 0; d < n_dims; ++d) {
      uint64_t ne = 0;
      DM_RETURN_IF_ERROR(ReadScalar(&ne, "tensor dimension"));
      if (ne > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Error(at, "tensor '{}' dimension {} is negative", info.name, d);
      }
      if (ne != 0 && n_elements > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / ne) {
        return Error(at, "tensor '{}' element count overflows", info.name);
      }
      n_elements *= ne;
      info.ne[d] = static_cast<int64_t>(ne);
    }
    uint32_t type_id = 0;
    const size_t type_at = pos_;
    DM_RETURN_IF_ERROR(ReadScalar(&type_id, "tensor type"));
    auto traits = FindGgmlType(type_id);
    if (!traits) return Error(type_at, "tensor '{}' has unknown type id {}", info.name, type_id);
    info.type = traits->type;
    DM_RETURN_IF_ERROR(ReadScalar(&info.offset, "tensor offset"));
    info.n_elements = n_elements;
    auto row_bytes = GgmlRowBytes(info.type, static_cast<uint64_t>(info.ne[0]));
    if (!row_bytes) {
      return Error(at, "tensor '{}' row length {} is not a multiple of the {} block size {}",
                   info.name, info.ne[0], traits->name, traits->block_size);
    }
    const uint64_t rows = info.ne[0] == 0 ? 0 : n_elements / static_cast<uint64_t>(info.ne[0]);
    if (rows != 0 && *row_bytes > std::numeric_limits<uint64_t>::max() / rows) {
      return Error(at, "tensor '{}' byte size overflows", info.name);
    }
    info.n_bytes = *row_bytes * rows;
    if (!file->tensor_index_.emplace(info.name, file->tensors_.size()).second) {
      return Error(at, "duplicate tensor name '{}'", info.name);
    }
    file->tensors_.push_back(info);
  }
  return PlaceTensors(file, info_offsets);
}

Status GgufParser::PlaceTensors(GgufFile* file, const std::vector<size_t>& info_offsets) {
  const uint64_t alignment = file->alignment_;
  const uint64_t data_offset = (pos_ + alignment - 1) / alignment * alignment;
  file->data_offset_ = data_offset;
  if (file->tensors_.empty()) return Status::Ok();
  if (data_offset > bytes_.size()) {
    return Error(pos_, "data section starts at {} past the end of the {}-byte file", data_offset,
                 bytes_.size());
  }
  const uint64_t data_size = bytes_.size() - data_offset;
  for (size_t i = 0; i < file->tensors_.size(); ++i) {
    auto& info = file->tensors_[i];
    if (info.offset % alignment != 0) {
      return Error(info_offsets[i], "tensor '{}' offset {} is not a multiple of the alignment {}",
                   info.name, info.offset, alignment);
    }
    if (info.offset > data_size || info.n_bytes > data_size - info.offset) {
      return Error(info_offsets[i],
                   "tensor '{}' ({} bytes at data offset {}) ends past the end of the file "
                   "(data section holds {} bytes)",
                   info.name, info.n_bytes, info.offset, data_size);
    }
    info.data = bytes_.data() + data_offset + info.offset;
  }
  std::vector<size_t> order(file->tensors_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return file->tensors_[a].offset < file->tensors_[b].offset;
  });
  for (size_t k = 1; k < order.size(); ++k) {
    const auto& prev = file->tensors_[order[k - 1]];
    const auto& next = file->tensors_[order[k]];
    if (prev.n_bytes > 0 && prev.offset + prev.n_bytes > next.offset) {
      return Error(info_offsets[order[k]], "tensor '{}' overlaps tensor '{}'", next.name, prev.name);
    }
  }
  return Status::Ok();
}

Status GgufParser::Parse(GgufFile* file) {
  if (bytes_.size() < 4 || std::memcmp(bytes_.data(), "GGUF", 4) != 0) {
    return Error(0, "not a GGUF file (magic is not 'GGUF')");
  }
  pos_ = 4;
  uint32_t version = 0;
  DM_RETURN_IF_ERROR(ReadScalar(&version, "version"));
  if (version != 2 && version != 3) {
    return Error(4, "GGUF version {} is not supported (2 and 3 are)", version);
  }
  file->version_ = version;
  uint64_t tensor_count = 0, kv_count = 0;
  DM_RETURN_IF_ERROR(ReadScalar(&tensor_count, "tensor count"));
  DM_RETURN_IF_ERROR(ReadScalar(&kv_count, "metadata count"));
  DM_RETURN_IF_ERROR(ReadMetadata(file, kv_count));
  return ReadTensorInfos(file, tensor_count);
}

Result<GgufFile> GgufFile::Open(const std::string& path) {
  DM_ASSIGN_OR_RETURN(MappedFile mapping, MappedFile::Open(path));
  GgufFile file;
  file.bytes_ = mapping.bytes();
  file.mapping_ = std::move(mapping);
  Status status = GgufParser(file.bytes_).Parse(&file);
  if (!status.ok()) return status.WithContext(path);
  return file;
}

Result<GgufFile> GgufFile::Parse(std::span<const uint8_t> bytes) {
  GgufFile file;
  file.bytes_ = bytes;
  DM_RETURN_IF_ERROR(GgufParser(bytes).Parse(&file));
  return file;
}

const GgufValue* GgufFile::Find(std::string_view key) const {
  auto it = kv_index_.find(key);
  return it == kv_index_.end() ? nullptr : &metadata_[it->second].value;
}

namespace {

// The value of `key` converted by `as` (a GgufValue accessor returning an
// optional); NotFound when the key is missing, InvalidArgument naming the
// stored type and `expected` when it does not convert.
template <typename As>
auto TypedValue(const GgufFile& file, std::string_view key, As as, const char* expected)
    -> Result<typename std::invoke_result_t<As, const GgufValue&>::value_type> {
  const GgufValue* v = file.Find(key);
  if (v == nullptr) return NotFound("metadata '{}' is missing", key);
  auto out = as(*v);
  if (!out) return InvalidArgument("metadata '{}' is {}, not {}", key, GgufValueTypeName(v->type()), expected);
  return *out;
}

}  // namespace

Result<uint64_t> GgufFile::GetUint(std::string_view key) const {
  return TypedValue(*this, key, [](const GgufValue& v) { return v.AsUint(); }, "a non-negative integer");
}

Result<int64_t> GgufFile::GetInt(std::string_view key) const {
  return TypedValue(*this, key, [](const GgufValue& v) { return v.AsInt(); }, "an integer");
}

Result<double> GgufFile::GetDouble(std::string_view key) const {
  return TypedValue(*this, key, [](const GgufValue& v) { return v.AsDouble(); }, "a number");
}

Result<bool> GgufFile::GetBool(std::string_view key) const {
  return TypedValue(*this, key, [](const GgufValue& v) { return v.AsBool(); }, "a bool");
}

Result<std::string_view> GgufFile::GetString(std::string_view key) const {
  return TypedValue(*this, key, [](const GgufValue& v) { return v.AsString(); }, "a string");
}

Result<const GgufValue*> GgufFile::GetArray(std::string_view key,
                                            GgufValueType element_type) const {
  const GgufValue* v = Find(key);
  if (v == nullptr) return NotFound("metadata '{}' is missing", key);
  if (!v->is_array()) {
    return InvalidArgument("metadata '{}' is {}, not an array", key, GgufValueTypeName(v->type()));
  }
  if (v->element_type() != element_type) {
    return InvalidArgument("metadata '{}' is an array of {}, expected {}", key,
                           GgufValueTypeName(v->element_type()), GgufValueTypeName(element_type));
  }
  return v;
}

std::string_view GgufFile::architecture() const {
  const GgufValue* v = Find("general.architecture");
  if (v == nullptr || !v->AsString()) return {};
  return *v->AsString();
}

const GgufTensorInfo* GgufFile::FindTensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

}  // namespace dm
