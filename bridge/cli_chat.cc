#include "bridge/cli_chat.h"

#include <iostream>

#include "actors/agent.h"
#include "actors/messages.h"
#include "actors/reply_writer.h"
#include "bridge/client.h"
#include "bridge/reply_json.h"
#include "storage/profile_store.h"
#include "storage/text.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

constexpr const char* kHelp =
  "Ask for recommendations in your own words, e.g. \"a comedy from the 90s, no horror\",\n"
  "\"something like Heat\", \"top 3 dramas after 2000\", or ask about one item:\n"
  "\"when was Fargo released?\". Commands: /reset forgets this conversation, /quit ends.";

// The loop both chat modes share: a prompt on a terminal, blank lines
// skipped, /quit and /help handled here; every other line goes to `turn`.
template <class Turn>
void repl(std::istream& in, std::ostream& out, bool interactive, Turn turn) {
  std::string line;
  while (true) {
    if (interactive) out << "\nyou> " << std::flush;
    if (!std::getline(in, line)) break;
    // Whatever the terminal or pipe sent, the agent, the profile store and
    // the screen get valid UTF-8 without control characters.
    const std::string said = text::clean(text::trim(line));
    if (said.empty()) continue;
    if (said == "/quit" || said == "/exit") break;
    if (said == "/help") {
      out << kHelp << "\n";
      continue;
    }
    turn(said);
    out << std::flush;
  }
}

// The same conversation over the ZeroMQ bridge.
int run_remote_chat(const ChatOptions& options, std::istream& in, std::ostream& out,
                    bool interactive) {
  BridgeClientOptions client_options;
  client_options.endpoint = options.connect;
  if (!options.curve_secret_file.empty() || !options.server_key_file.empty()) {
    if (options.curve_secret_file.empty() || options.server_key_file.empty())
      throw std::runtime_error("--curve-secret and --server-key go together");
    client_options.curve = read_key_file(options.curve_secret_file, true);
    client_options.server_public_key = read_key_file(options.server_key_file, false).public_key;
  }
  BridgeClient client(client_options);
  const auto wait = options.agent.turn_timeout + std::chrono::seconds(10);
  // ZeroMQ connects lazily and would queue every message for a dead server
  // until its turn times out: one ping tells at once.
  auto pong = client.call({{"type", "ping"}}, options.connect_timeout);
  if (pong.value("type", "") != "pong")
    throw std::runtime_error("no answer from " + options.connect + " within " +
                             std::to_string(options.connect_timeout.count() / 1000) + " s (" +
                             pong.value("message", "") + "): is `interec serve` running there?");
  if (interactive) out << "interec: connected to " << options.connect << ". " << kHelp << "\n";
  int failed = 0;
  repl(in, out, interactive, [&](const std::string& said) {
    nlohmann::json request = {{"channel", options.channel}, {"user", options.user}, {"session", ""}};
    request["type"] = said == "/reset" ? "reset" : "message";
    if (said != "/reset") request["text"] = said;
    if (said != "/reset" && options.items) request["items"] = options.items;
    auto answer = client.call(std::move(request), wait);
    const std::string type = answer.value("type", "");
    if (options.json) {
      out << answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (type == "reply") {
      out << (interactive ? "interec> " : "") << text::clean(reply_with_reasons(answer)) << "\n";
    } else if (type == "reset_ok") {
      if (interactive) out << "(conversation forgotten)\n";
    } else {
      out << (interactive ? "interec> " : "") << "error (" << text::clean(answer.value("code", "?"))
          << "): " << text::clean(answer.value("message", "")) << "\n";
    }
    failed += type != "reply" && type != "reset_ok";
  });
  return failed ? 1 : 0;
}

}  // namespace

int run_chat(const ChatOptions& options, std::istream& in, std::ostream& out, bool interactive) {
  if (!options.connect.empty()) return run_remote_chat(options, in, out, interactive);
  auto box = Toolbox::open(options.data_dir);
  std::shared_ptr<ProfileStore> profiles =
    ProfileStore::open(profile_store_options(*box->dataset, options.state_dir));
  caf::actor_system_config cfg;
  add_interec_types(cfg);
  caf::actor_system sys{cfg};
  Agent agent = spawn_agent(sys, box, options.agent, profiles);
  if (interactive)
    out << "interec: " << box->dataset->name << ", " << box->dataset->catalog->size()
        << " items. " << kHelp << "\n";
  caf::scoped_actor self{sys};
  const auto wait = options.agent.turn_timeout + std::chrono::seconds(5);
  int failed = 0;
  repl(in, out, interactive, [&](const std::string& said) {
    if (said == "/reset") {
      self->send(agent.router, atoms::reset_atom_v, std::string("cli"), options.user, std::string());
      if (interactive) out << "(conversation forgotten)\n";
      return;
    }
    TurnReply reply;
    self->request(agent.router, wait, atoms::turn_atom_v, TurnRequest{"cli", options.user, "", said, options.items})
      // Copied in the handler, not moved out: the reply's memory came from a
      // CAF worker through CAF's mailbox, a hand-off ThreadSanitizer cannot
      // see (docs/trust.md, "Sanitizers").
      .receive([&](const TurnReply& r) { reply = r; },
               [&](caf::error& err) {
                 Error error{ErrorCode::timeout, "the agent did not answer in time (" + sys.render(err) + ")"};
                 reply.reply = failure_reply(error);
                 reply.error = std::move(error);
               });
    if (options.json)
      out << reply_to_json(reply).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
    else
      out << (interactive ? "interec> " : "")
          << text::clean(reply_with_reasons(reply_to_json(reply))) << "\n";
    failed += reply.error.has_value();
  });
  stop_agent(sys, agent);
  return failed ? 1 : 0;
}

}  // namespace interec
