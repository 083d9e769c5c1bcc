#include "brain/rules/english.h"

#include <cstdlib>
#include <fstream>

#include <hunspell/hunspell.hxx>

namespace interec::rules {

namespace {

bool readable(const std::string& path) { return std::ifstream(path).good(); }

}  // namespace

EnglishWords::Paths EnglishWords::default_paths() {
  const char* env = std::getenv("INTEREC_HUNSPELL");
  const std::string base = env && *env ? env : "/usr/share/hunspell/en_US";
  return Paths{base + ".aff", base + ".dic"};
}

EnglishWords::EnglishWords(Paths paths) : paths_(std::move(paths)) {
  for (const std::string* p : {&paths_.aff, &paths_.dic})
    if (!readable(*p)) {
      missing_ = *p + " (Debian package hunspell-en-us)";
      break;
    }
}

EnglishWords::~EnglishWords() = default;

EnglishWords::Kind EnglishWords::kind(const std::string& norm) const {
  if (!available() || norm.empty()) return Kind::unknown;
  std::lock_guard<std::mutex> lock(mu_);
  if (!hunspell_) hunspell_ = std::make_unique<Hunspell>(paths_.aff.c_str(), paths_.dic.c_str());
  if (hunspell_->spell(norm)) return Kind::word;
  std::string cap = norm;
  if (cap[0] >= 'a' && cap[0] <= 'z') cap[0] = static_cast<char>(cap[0] - 'a' + 'A');
  return hunspell_->spell(cap) ? Kind::name : Kind::unknown;
}

}  // namespace interec::rules
