#include "bridge/openai_api/openai_api.h"

#include <atomic>
#include <iostream>
#include <thread>

#include <httplib.h>

#include "bridge/client_cli.h"
#include "bridge/http_listen.h"
#include "bridge/openai_api/chat_completion.h"
#include "bridge/protocol.h"
#include "actors/shutdown_signals.h"
#include "config/cli_args.h"

namespace interec {
namespace {

using json = nlohmann::json;
using namespace openai_api;

// Conversations of a few dozen turns with long system prompts fit; a body
// beyond this is refused by httplib with 413 before it is read.
constexpr size_t kMaxRequestBytes = 4 * 1024 * 1024;

void answer(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void answer_error(httplib::Response& res, const ApiError& error) {
  answer(res, error_body(error), error.status);
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

}  // namespace

struct OpenAiApi::Impl {
  OpenAiApiOptions options;
  ApiKeys keys;
  BridgeClient client;
  httplib::Server http;
  std::thread thread;
  int port = 0;
  std::atomic<uint64_t> next_completion{1};
  const std::string completion_prefix = "chatcmpl-" + std::to_string(unix_seconds()) + "-";

  explicit Impl(OpenAiApiOptions o)
      : options(std::move(o)),
        keys(options.api_keys_file.empty() ? ApiKeys() : ApiKeys::read(options.api_keys_file)),
        client(options.client) {}

  void chat_completions(const httplib::Request& req, httplib::Response& res) {
    auto parsed = parse_chat_request(req.body);
    if (auto* e = std::get_if<ApiError>(&parsed)) return answer_error(res, *e);
    auto& request = std::get<ChatRequest>(parsed);
    auto who = identify(request, keys, req.get_header_value("Authorization"),
                        req.get_header_value("X-Conversation-Id"));
    if (auto* e = std::get_if<ApiError>(&who)) return answer_error(res, *e);
    const auto& caller = std::get<Caller>(who);

    json base = {{"channel", options.channel}, {"user", caller.user}, {"session", caller.session}};
    // Requests on one client are answered in order per session, so the
    // reset needs no round trip of its own.
    if (caller.fresh) {
      json reset = base;
      reset["type"] = "reset";
      client.send(std::move(reset), [](json) {}, options.turn_timeout);
    }
    json message = base;
    message["type"] = "message";
    message["text"] = request.text;
    json reply = client.call(std::move(message), options.turn_timeout);
    if (reply.value("type", std::string()) != "reply") return answer_error(res, bridge_error(reply));

    Completion completion;
    completion.id = completion_prefix + std::to_string(next_completion++);
    completion.created = unix_seconds();
    completion.session = caller.session.substr(2);
    completion.answer = std::move(reply);
    completion.prompt_chars = request.prompt_chars;
    res.set_header("X-Conversation-Id", completion.session);
    if (!request.stream) return answer(res, completion_body(completion));
    // The turn is complete before the first byte goes out, so a failure is
    // still an HTTP error above, never a broken stream.
    auto events =
      std::make_shared<std::vector<std::string>>(completion_events(completion, request.include_usage));
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream",
                                     [events](size_t, httplib::DataSink& sink) {
                                       for (const auto& e : *events)
                                         if (!sink.write(e.data(), e.size())) return false;
                                       sink.done();
                                       return true;
                                     });
  }

  void routes() {
    http.set_payload_max_length(kMaxRequestBytes);
    http.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
      chat_completions(req, res);
    });
    http.Get("/v1/models", [](const httplib::Request&, httplib::Response& res) {
      answer(res, model_list());
    });
    http.Get("/v1/models/(.+)", [](const httplib::Request& req, httplib::Response& res) {
      if (req.matches[1] == kModel) return answer(res, model_object());
      answer_error(res, ApiError{404, "invalid_request_error", "model_not_found", "model",
                                 "The model `" + req.matches[1].str() + "` does not exist"});
    });
    // Statuses httplib sets itself (404 no route, 413 too large, 400 bad
    // framing) get OpenAI's error shape too; our own errors have a body.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      ApiError e{res.status, "invalid_request_error", "", "",
                 "the request could not be handled (HTTP " + std::to_string(res.status) + ")"};
      if (res.status == 404) e.message = "Unknown request URL: " + req.method + " " + req.path;
      if (res.status == 413) e.message = "the request body is too large";
      if (res.status >= 500) e.type = "server_error";
      answer_error(res, e);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      answer_error(res, ApiError{500, "server_error", "", "", "the endpoint failed on this request"});
    });
  }
};

OpenAiApi::OpenAiApi(OpenAiApiOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  if (!protocol::valid_channel(impl_->options.channel))
    throw std::runtime_error("openai-api: --channel must match [A-Za-z0-9_.-]{1,64}");
  impl_->routes();
  impl_->port = bind_http(impl_->http, impl_->options.listen, impl_->options.max_connections,
                          "openai-api");
  Impl* impl = impl_.get();
  impl_->thread = std::thread([impl] { impl->http.listen_after_bind(); });
}

OpenAiApi::~OpenAiApi() { stop(); }

int OpenAiApi::port() const { return impl_->port; }

void OpenAiApi::stop() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int run_openai_api(const OpenAiApiOptions& options) {
  ShutdownSignals signals;
  OpenAiApi api(options);
  std::cerr << "interec openai-api: " << http_url(options.listen, api.port()) << "v1 (channel "
            << options.channel << ", server " << options.client.endpoint
            << (options.api_keys_file.empty() ? ", no API keys" : ", API keys required") << ")"
            << std::endl;
  signals.wait();
  std::cerr << "interec openai-api: stopping" << std::endl;
  api.stop();
  return 0;
}

int openai_api_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2,
               with_client_options({"listen", "channel", "api-keys", "max-connections"}), {});
  OpenAiApiOptions options;
  options.client = client_options(args);
  options.listen = args.get("listen", options.listen);
  options.channel = args.get("channel", options.channel);
  options.api_keys_file = args.get("api-keys");
  options.max_connections = static_cast<size_t>(
    args.get_int("max-connections", static_cast<long>(options.max_connections), 1, 4096));
  return run_openai_api(options);
}

}  // namespace interec
