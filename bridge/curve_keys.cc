#include "bridge/curve_keys.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <zmq.h>

#include "bridge/protocol.h"
#include "storage/text.h"

namespace interec {
namespace {

bool valid_z85_key(const std::string& key) {
  if (key.size() != 40) return false;
  uint8_t raw[32];
  return zmq_z85_decode(raw, key.c_str()) != nullptr;
}

}  // namespace

CurveKeyPair read_key_file(const std::string& path, bool need_secret) {
  std::ifstream in(path);
  if (!in) throw KeyFileError("cannot read key file " + path);
  CurveKeyPair pair;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto t = text::trim(line);
    if (t.empty() || t[0] == '#') continue;
    auto eq = t.find('=');
    if (eq == std::string_view::npos)
      throw KeyFileError(path + ":" + std::to_string(number) + ": expected `name = key`");
    const std::string name(text::trim(t.substr(0, eq)));
    const std::string value(text::trim(t.substr(eq + 1)));
    if (name != "public" && name != "secret")
      throw KeyFileError(path + ":" + std::to_string(number) + ": unknown entry '" + name +
                         "' (public, secret)");
    if (!valid_z85_key(value))
      throw KeyFileError(path + ":" + std::to_string(number) + ": " + name +
                         " key must be 40 Z85 characters");
    (name == "public" ? pair.public_key : pair.secret_key) = value;
  }
  if (need_secret && pair.secret_key.empty()) throw KeyFileError(path + ": no secret key");
  if (!pair.secret_key.empty()) {
    char derived[41];
    if (zmq_curve_public(derived, pair.secret_key.c_str()) != 0)
      throw KeyFileError(path + ": CURVE is not available in this libzmq");
    if (pair.public_key.empty()) pair.public_key = derived;
    if (pair.public_key != derived)
      throw KeyFileError(path + ": public key does not belong to the secret key");
  }
  if (pair.public_key.empty()) throw KeyFileError(path + ": no public key");
  return pair;
}

std::map<std::string, std::string> read_allowed_keys(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw KeyFileError("cannot read key folder " + dir + ": " + ec.message());
  std::map<std::string, std::string> allowed;
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".pub") continue;
    const std::string channel = entry.path().stem().string();
    if (!protocol::valid_channel(channel))
      throw KeyFileError(entry.path().string() +
                         ": the file name must be a channel name ([A-Za-z0-9_.-]{1,64}).pub");
    auto pair = read_key_file(entry.path().string(), false);
    auto [pos, fresh] = allowed.emplace(pair.public_key, channel);
    if (!fresh)
      throw KeyFileError(entry.path().string() + ": key already listed for channel " + pos->second);
  }
  return allowed;
}

void read_server_curve(const std::string& secret_file, const std::string& allow_keys_dir,
                       CurveKeyPair& curve, std::map<std::string, std::string>& allowed_keys) {
  if (secret_file.empty() && allow_keys_dir.empty()) return;
  if (secret_file.empty() || allow_keys_dir.empty())
    throw std::runtime_error("--curve-secret and --allow-keys go together");
  curve = read_key_file(secret_file, true);
  allowed_keys = read_allowed_keys(allow_keys_dir);
  if (allowed_keys.empty())
    throw std::runtime_error("no CHANNEL.pub key files in " + allow_keys_dir);
}

CurveKeyPair write_new_key_pair(const std::string& prefix) {
  char pub[41], sec[41];
  if (zmq_curve_keypair(pub, sec) != 0) throw KeyFileError("CURVE is not available in this libzmq");
  CurveKeyPair pair{pub, sec};
  const std::string key_path = prefix + ".key", pub_path = prefix + ".pub";
  for (const auto& p : {key_path, pub_path})
    if (std::filesystem::exists(p)) throw KeyFileError(p + " exists; not overwriting it");
  auto write = [](const std::string& path, const std::string& content, mode_t mode) {
    {
      std::ofstream out(path);
      out << content;
      if (!out.flush()) throw KeyFileError("cannot write " + path);
    }
    ::chmod(path.c_str(), mode);
  };
  // The secret file is created empty and restricted before the key is in it.
  write(key_path, "", 0600);
  write(key_path,
        "# interec CURVE key pair: keep this file secret\npublic = " + pair.public_key +
          "\nsecret = " + pair.secret_key + "\n",
        0600);
  write(pub_path, "# interec CURVE public key\npublic = " + pair.public_key + "\n", 0644);
  return pair;
}

}  // namespace interec
