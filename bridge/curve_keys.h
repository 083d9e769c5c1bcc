// CURVE key files (format in docs/protocol.md). A key file is text with
// `name = value` lines and `#` comments:
//   public = <40-character Z85 key>     (both kinds of file)
//   secret = <40-character Z85 key>     (secret files only; keep them 0600)
// Keys are what zmq_curve_keypair produces. `interec keygen --out PREFIX`
// writes PREFIX.key (public + secret) and PREFIX.pub (public only).
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace interec {

struct KeyFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CurveKeyPair {
  std::string public_key;  // Z85, 40 characters
  std::string secret_key;  // Z85, 40 characters; "" in a public key file
};

/// Reads a key file; `need_secret` requires the secret line. With a secret
/// and no public line the public key is derived; with both they must match.
/// Throws KeyFileError naming the file (and line) and what is wrong.
CurveKeyPair read_key_file(const std::string& path, bool need_secret);

/// The clients a server admits: Z85 public key -> channel name. Every
/// `CHANNEL.pub` file of `dir` admits its key for that channel only (so a
/// Slack bot's key can never reach the users of "web"). Throws KeyFileError
/// for an unreadable folder, a bad file, a bad channel name, or a key listed
/// twice.
std::map<std::string, std::string> read_allowed_keys(const std::string& dir);

/// The CURVE settings of a server (`serve`, `front`) from its flags
/// `--curve-secret FILE --allow-keys DIR`: both empty = plain TCP (nothing
/// set); one without the other, or a folder without CHANNEL.pub files, is a
/// std::runtime_error.
void read_server_curve(const std::string& secret_file, const std::string& allow_keys_dir,
                       CurveKeyPair& curve, std::map<std::string, std::string>& allowed_keys);

/// Writes PREFIX.key (mode 0600) and PREFIX.pub from a new key pair; returns
/// the pair. Throws KeyFileError when a file exists or cannot be written.
CurveKeyPair write_new_key_pair(const std::string& prefix);

}  // namespace interec
