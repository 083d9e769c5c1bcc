#include "tools/prepare_phases.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace interec {

ResourceUse resource_use_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  ResourceUse r;
  r.cpu_seconds = seconds(u.ru_utime) + seconds(u.ru_stime);
  r.peak_rss_kb = static_cast<size_t>(u.ru_maxrss);  // Linux: kilobytes
  return r;
}

void PreparePhases::start(std::string name) {
  finish();
  current_ = std::move(name);
  open_ = true;
  wall_start_ = Clock::now();
  cpu_start_ = resource_use_now().cpu_seconds;
}

void PreparePhases::finish() {
  if (!open_) return;
  const ResourceUse now = resource_use_now();
  Phase p;
  p.name = std::move(current_);
  p.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start_).count();
  p.cpu_seconds = now.cpu_seconds - cpu_start_;
  p.peak_rss_kb = now.peak_rss_kb;
  phases_.push_back(std::move(p));
  open_ = false;
}

std::string PreparePhases::table() const {
  std::string out = "    wall s     CPU s  peak RSS  phase\n";
  char line[512];
  double wall = 0, cpu = 0;
  size_t peak = 0;
  for (const Phase& p : phases_) {
    std::snprintf(line, sizeof line, "%10.2f %9.2f %6zu MB  %s\n", p.wall_seconds, p.cpu_seconds,
                  p.peak_rss_kb / 1024, p.name.c_str());
    out += line;
    wall += p.wall_seconds;
    cpu += p.cpu_seconds;
    peak = std::max(peak, p.peak_rss_kb);
  }
  std::snprintf(line, sizeof line, "%10.2f %9.2f %6zu MB  total\n", wall, cpu, peak / 1024);
  out += line;
  return out;
}

}  // namespace interec
