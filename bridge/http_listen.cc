#include "bridge/http_listen.h"

#include <stdexcept>

#include <httplib.h>

#include "storage/text.h"

namespace interec {

int bind_http(httplib::Server& http, const std::string& listen, size_t workers,
              const std::string& who) {
  const auto colon = listen.rfind(':');
  const auto port = colon == std::string::npos ? std::nullopt
                                                : text::parse_int(listen.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535)
    throw std::runtime_error(who + ": --listen must be HOST:PORT");
  const std::string host = listen.substr(0, colon);
  http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  // Clients that keep their connection open (OpenAI SDKs, browsers) should
  // not pay a new connection every 5 requests.
  http.set_keep_alive_max_count(1000);
  const int bound = *port == 0 ? http.bind_to_any_port(host)
                               : (http.bind_to_port(host, static_cast<int>(*port))
                                    ? static_cast<int>(*port)
                                    : -1);
  if (bound <= 0) throw std::runtime_error(who + ": cannot listen on " + listen);
  return bound;
}

std::string http_url(const std::string& listen, int port) {
  return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port) + "/";
}

}  // namespace interec
