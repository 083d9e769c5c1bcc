// `interec openai-api` over real HTTP on loopback in front of a real agent:
// malformed HTTP never brings it down, a server that is down is a 503, the
// conversation of a new chat starts afresh. (The official npm client drives
// it in tests/openai_api/.)
#include "bridge/openai_api/openai_api.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/bridge/bridge_fixture.h"

// Last: httplib pulls in <resolv.h>, whose `_res` macro breaks Eigen.
#include "tests/bridge/http_limits.h"

namespace interec::test {
namespace {

class OpenAiApiTest : public BridgeTest {
 protected:
  std::unique_ptr<OpenAiApi> start_api(const std::string& endpoint,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(40)) {
    OpenAiApiOptions options;
    options.client.endpoint = endpoint;
    options.listen = "127.0.0.1:0";
    options.turn_timeout = scaled(timeout);
    return std::make_unique<OpenAiApi>(options);
  }

  static json chat(httplib::Client& http, const json& body, int expect_status = 200,
                   const httplib::Headers& headers = {}) {
    auto res = http.Post("/v1/chat/completions", headers, body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expect_status) << res->body;
    return json::parse(res->body, nullptr, false);
  }
};

// Sends raw bytes on a fresh TCP connection and reads what comes back until
// the server closes or a second passes.
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "<no connection>";
  }
  timeval tv{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  [[maybe_unused]] auto sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) out.append(buffer, n);
  ::close(fd);
  return out;
}

TEST_F(OpenAiApiTest, MalformedHttpNeverBringsItDown) {
  start();
  auto api = start_api(endpoint());
  for (const std::string& bytes :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS hello
        std::string("GARBAGE\r\n\r\n"), std::string("POST /v1/chat/completions HTTP/1.1\r\n"
                                                     "Content-Length: 99999999999999999999\r\n\r\n{"),
        std::string("POST /v1/chat/completions HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("GET /" + std::string(100000, 'a') + " HTTP/1.1\r\n\r\n"),
        "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 5\r\n\r\n" +
          std::string("\xff\xfe\x00\x01\x02", 5)})
    raw_exchange(api->port(), bytes);
  httplib::Client http("127.0.0.1", api->port());
  scale_limits(http);
  auto too_large = http.Post("/v1/chat/completions", std::string(5 * 1024 * 1024, ' '), "application/json");
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);
  EXPECT_EQ(json::parse(too_large->body)["error"]["type"], "invalid_request_error");
  json ok = chat(http, {{"model", "interec"}, {"messages", {{{"role", "user"}, {"content", "top 2 comedies"}}}}});
  EXPECT_EQ(ok["interec"]["items"].size(), 2u);
}

TEST_F(OpenAiApiTest, AServerThatIsDownIsA503) {
  start();
  // Nobody listens on the endpoint of a server that was stopped.
  const std::string gone = endpoint();
  server_->stop();
  auto api = start_api(gone, std::chrono::milliseconds(500));
  httplib::Client http("127.0.0.1", api->port());
  scale_limits(http);
  json error = chat(http, {{"model", "interec"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}}, 503);
  EXPECT_EQ(error["error"]["type"], "server_error");
  EXPECT_EQ(error["error"]["code"], "service_unavailable");
}

TEST_F(OpenAiApiTest, ANewChatWithTheSameOpeningStartsAfresh) {
  start();
  auto api = start_api(endpoint());
  httplib::Client http("127.0.0.1", api->port());
  scale_limits(http);
  const json opening = {{"role", "user"}, {"content", "top 3 movies from 1995"}};
  json first = chat(http, {{"model", "interec"}, {"user", "u1"}, {"messages", {opening}}});
  json more = chat(http, {{"model", "interec"},
                          {"user", "u1"},
                          {"messages", {opening, first["choices"][0]["message"],
                                        {{"role", "user"}, {"content", "more"}}}}});
  EXPECT_EQ(first["interec"]["conversation"], more["interec"]["conversation"]);
  EXPECT_NE(first["interec"]["items"], more["interec"]["items"]) << "more continued the list";
  // The same opening again, without history: a new chat, the same first list.
  json again = chat(http, {{"model", "interec"}, {"user", "u1"}, {"messages", {opening}}});
  EXPECT_EQ(again["interec"]["items"], first["interec"]["items"]);
  // A conversation id header keeps the session whatever the messages say.
  const httplib::Headers header = {{"X-Conversation-Id", "chat-7"}};
  json h1 = chat(http, {{"model", "interec"}, {"user", "u1"}, {"messages", {opening}}}, 200, header);
  json h2 = chat(http, {{"model", "interec"}, {"user", "u1"},
                        {"messages", {{{"role", "user"}, {"content", "more"}}}}}, 200, header);
  EXPECT_EQ(h2["interec"]["conversation"], "chat-7");
  EXPECT_NE(h1["interec"]["items"], h2["interec"]["items"]);
}

}  // namespace
}  // namespace interec::test
