// Distributed deployment over CAF's middleman with real processes on
// loopback: `interec node` children for tools and memory, agents in this
// process (each its own actor system, i.e. its own CAF node).
#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "actors/agent.h"
#include "actors/messages.h"
#include "tests/child_process.h"
#include "tests/test_data.h"
#include "tests/time_scale.h"
#include "tools/toolbox.h"

namespace interec {
namespace {

using namespace std::chrono_literals;

struct Node {
  std::unique_ptr<test::ChildProcess> process;
  std::string address;  // host:port
};

Node start_node(const std::string& data, const std::string& role, const std::string& listen,
                const std::string& state = "", const std::string& tls = "") {
  std::vector<std::string> argv = {test::interec_binary(), "node", "--data", data, "--role", role,
                                   "--listen", listen, "--workers", "1"};
  if (!tls.empty()) {
    argv.push_back("--tls");
    argv.push_back(tls);
  }
  if (!state.empty()) {
    argv.push_back("--state");
    argv.push_back(state);
  }
  Node node;
  node.process = std::make_unique<test::ChildProcess>(argv);
  const std::string line = node.process->read_line(30s);
  const auto at = line.rfind(' ');
  EXPECT_NE(line.find("listening on"), std::string::npos) << "node said: '" << line << "'";
  if (at != std::string::npos) node.address = line.substr(at + 1);
  return node;
}

// A CA and a node certificate signed by it, written as DIR/{ca.crt,
// node.crt, node.key} with the openssl command-line tool.
bool make_tls_dir(const std::string& dir) {
  const std::string cmd =
    "cd '" + dir + "' && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 "
    "-subj /CN=interec-test-ca >/dev/null 2>&1 && openssl req -newkey rsa:2048 -nodes -keyout node.key "
    "-out node.csr -subj /CN=127.0.0.1 >/dev/null 2>&1 && openssl x509 -req -in node.csr -CA ca.crt "
    "-CAkey ca.key -CAcreateserial -out node.crt -days 2 >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

class Deployed {
 public:
  Deployed(std::shared_ptr<const Toolbox> box, AgentConfig config) {
    add_interec_types(cfg_);
    enable_network(cfg_, config.node_tls_dir);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    agent_ = spawn_agent(*sys_, box, test::scaled_limits(config));
  }
  ~Deployed() { stop_agent(*sys_, agent_); }

  TurnReply ask(const std::string& user, const std::string& text, const std::string& channel = "test") {
    caf::scoped_actor self{*sys_};
    TurnReply reply;
    self->request(agent_.router, test::scaled(60s), atoms::turn_atom_v, TurnRequest{channel, user, "", text})
      .receive([&](const TurnReply& r) { reply = r; },  // copied: see running_agent.h
               [&](caf::error& e) { reply.error = Error{ErrorCode::timeout, "no reply: " + sys_->render(e)}; });
    return reply;
  }

  /// Asks until a turn succeeds (the nodes are connected), at most `limit`
  /// (times the tests' time scale).
  bool wait_ready(std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + test::scaled(limit);
    for (int k = 0; std::chrono::steady_clock::now() < end; ++k) {
      auto r = ask("probe" + std::to_string(k), "top 1 comedy");
      if (!r.error && r.items.size() == 1) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  /// Asks the memory until it answers from a connected memory node, at most
  /// `limit` (times the tests' time scale).
  bool wait_memory(std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + test::scaled(limit);
    caf::scoped_actor self{*sys_};
    while (std::chrono::steady_clock::now() < end) {
      bool answered = false;
      self->request(agent_.memory, test::scaled(5s), atoms::profile_atom_v, std::string("probe"), std::string("p"))
        .receive([&](ProfileReply& r) { answered = !r.error; }, [&](caf::error&) {});
      if (answered) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  caf::actor_system& system() { return *sys_; }
  const Agent& agent() const { return agent_; }

 private:
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  Agent agent_;
};

std::vector<std::string> titles(const TurnReply& r) {
  std::vector<std::string> out;
  for (const auto& i : r.items) out.push_back(i.title);
  return out;
}

class DeploymentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::tiny();
    box_ = Toolbox::open(dir_);
  }
  std::string dir_;
  std::shared_ptr<const Toolbox> box_;
};

TEST_F(DeploymentTest, TwoToolNodesAnswerLikeOneProcess) {
  Node a = start_node(dir_, "tools", "127.0.0.1:0");
  Node b = start_node(dir_, "tools", "127.0.0.1:0");
  ASSERT_FALSE(a.address.empty());
  ASSERT_FALSE(b.address.empty());
  AgentConfig remote_config;
  remote_config.tools_at = a.address + "," + b.address;
  remote_config.local_tools_fallback = false;  // every step must run on a node
  Deployed remote(box_, remote_config);
  Deployed local(box_, AgentConfig{});
  ASSERT_TRUE(remote.wait_ready(20s)) << "tool nodes never became reachable";
  const std::vector<std::string> requests = {
    "I'd like a comedy from the 90s, but nothing before 1995",
    "movies similar to Toy Box Heroes but not animated",
    "top 3 horror movies",
    "when was Frozen Creek released?",
    "something like Neon Heist, but a comedy from the 90s, and no horror please",
    "a documentary western from the 1930s",
    "top 10 dramas after 1990",
    "recommend me something",
  };
  for (size_t k = 0; k < requests.size(); ++k) {
    const std::string user = "u" + std::to_string(k);
    auto here = local.ask(user, requests[k]);
    auto there = remote.ask(user, requests[k]);
    EXPECT_FALSE(there.error) << requests[k] << ": " << there.reply;
    EXPECT_EQ(titles(there), titles(here)) << requests[k];
    EXPECT_EQ(there.reply, here.reply) << requests[k];
  }
}

TEST_F(DeploymentTest, KilledToolNodeCostsNoTurnAndRejoinsWhenRestarted) {
  Node a = start_node(dir_, "tools", "127.0.0.1:0");
  Node b = start_node(dir_, "tools", "127.0.0.1:0");
  AgentConfig config;
  config.tools_at = a.address + "," + b.address;
  config.local_tools_fallback = false;
  config.step_timeout = 1500ms;
  Deployed remote(box_, config);
  ASSERT_TRUE(remote.wait_ready(20s));

  // Load from many sessions at once; kill node a while it is under load.
  constexpr int kTurns = 120;
  std::atomic<int> answered{0}, with_items{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c)
    clients.emplace_back([&, c] {
      for (int k = 0; k < kTurns / 6; ++k) {
        auto r = remote.ask("load" + std::to_string(c) + "-" + std::to_string(k), "top 3 comedies from the 90s");
        ++answered;
        if (!r.error && r.items.size() == 3) ++with_items;
      }
    });
  while (answered < 20) std::this_thread::sleep_for(5ms);
  a.process->kill(9);
  for (auto& t : clients) t.join();
  EXPECT_EQ(answered.load(), kTurns);
  EXPECT_EQ(with_items.load(), kTurns) << "steps on the killed node must be re-sent to the other";

  // Restart a on its old address, then lose b: only a can serve now.
  Node again = start_node(dir_, "tools", a.address);
  ASSERT_EQ(again.address, a.address);
  b.process->kill(9);
  EXPECT_TRUE(remote.wait_ready(30s)) << "the restarted node never rejoined";
}

TEST_F(DeploymentTest, NoReachableToolNodeIsAClearErrorNotAHang) {
  AgentConfig config;
  config.tools_at = "127.0.0.1:1";  // nothing listens there
  config.local_tools_fallback = false;
  Deployed remote(box_, config);
  auto r = remote.ask("x", "top 3 comedies");
  EXPECT_TRUE(r.items.empty());
  EXPECT_NE(r.reply.find("no tool node reachable"), std::string::npos) << r.reply;
  // With the local fallback the same deployment still answers.
  config.local_tools_fallback = true;
  Deployed fallback(box_, config);
  EXPECT_EQ(fallback.ask("y", "top 3 comedies").items.size(), 3u);
}

TEST_F(DeploymentTest, TlsNodesAdmitOnlyPeersOfTheirCa) {
  const std::string ours = test::scratch_dir("tls_ours"), theirs = test::scratch_dir("tls_theirs");
  ASSERT_TRUE(make_tls_dir(ours) && make_tls_dir(theirs)) << "openssl could not make certificates";
  Node node = start_node(dir_, "tools", "127.0.0.1:0", "", ours);
  ASSERT_FALSE(node.address.empty());
  AgentConfig config;
  config.tools_at = node.address;
  config.local_tools_fallback = false;
  config.node_tls_dir = ours;
  Deployed trusted(box_, config);
  // Generous: the TLS handshake under a loaded CI machine once took over 20 s.
  EXPECT_TRUE(trusted.wait_ready(60s)) << "a peer with a certificate of the node's CA must be served";
  config.node_tls_dir = theirs;  // a certificate from another CA
  Deployed stranger(box_, config);
  EXPECT_FALSE(stranger.wait_ready(3s)) << "a peer certified by another CA must be refused";
}

TEST_F(DeploymentTest, TwoServesShareOneMemoryNode) {
  const std::string state = test::scratch_dir("deploy_memory") + "/profiles";
  Node memory = start_node(dir_, "memory", "127.0.0.1:0", state);
  ASSERT_FALSE(memory.address.empty());
  AgentConfig config;
  config.memory_at = memory.address;
  Deployed first(box_, config);
  Deployed second(box_, config);
  // Turns do not wait for the memory node (they go on unpersonalised), so
  // wait for both links before relying on them.
  ASSERT_TRUE(first.wait_memory(20s));
  ASSERT_TRUE(second.wait_memory(20s));
  auto count_horror = [&](const TurnReply& r) {
    const auto& catalog = *box_->dataset->catalog;
    const auto col = *catalog.column_index("genres");
    return std::count_if(r.items.begin(), r.items.end(), [&](const ItemRef& ref) {
      const auto& vs = catalog.values(col, *catalog.find(ref.item_id));
      return std::find(vs.begin(), vs.end(), "Horror") != vs.end();
    });
  };
  ASSERT_GT(count_horror(second.ask("control", "top 30 films from the 90s", "web")), 0);
  auto told = first.ask("ann", "I hate horror", "web");
  ASSERT_FALSE(told.error) << told.reply;
  EXPECT_EQ(told.reply.find("could not save"), std::string::npos) << told.reply;
  auto later = second.ask("ann", "top 30 films from the 90s", "web");
  ASSERT_EQ(later.items.size(), 30u) << later.reply;
  EXPECT_EQ(count_horror(later), 0) << "the dislike told to one serve must reach the other";
}

}  // namespace
}  // namespace interec
