// How the agent behaves; every field documents its meaning and default.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "config/llm_config.h"

namespace interec {

struct AgentConfig {
  /// Brain that plans the tool steps: "rules" (embedded, offline) or
  /// "openai" (an OpenAI-compatible endpoint, configured by `llm`).
  std::string brain = "rules";
  /// Rounds of reflection after the first execution (re-plans); 0 = none.
  size_t reflection_rounds = 2;
  /// Earlier turns of a session the brain sees (user + agent lines).
  size_t dialogue_turns = 20;
  /// Items remembered as "already shown" per session, so "more" gives new ones.
  size_t shown_memory = 200;
  /// Instances of each tool actor and of the planner; 0 = one per core.
  size_t workers = 0;
  /// Bound on one tool step; a slower step fails the turn with a clear error.
  std::chrono::milliseconds step_timeout{5000};
  /// Bound on a whole turn, from request to reply.
  std::chrono::milliseconds turn_timeout{30000};
  /// A session with no turn for this long is evicted: its dialogue and
  /// "already shown" items are dropped, the long-term profile stays, and the
  /// next turn starts a fresh session. 0 = never. Default 10 minutes.
  std::chrono::milliseconds session_idle_timeout{600000};
  /// Remote tool nodes ("host:port[,host:port...]", `interec node --role
  /// tools`) that run the tool steps; "" = tools in this process. Needs the
  /// middleman (enable_network).
  std::string tools_at;
  /// With tools_at: run a step locally when no tool node can take it.
  /// Default true; false makes such a step fail with a clear error.
  bool local_tools_fallback = true;
  /// A memory node ("host:port", `interec node --role memory`) holding the
  /// profiles shared by several serve processes; "" = memory in this process.
  std::string memory_at;
  /// Folder with node.crt, node.key and ca.crt: node links use CAF's OpenSSL
  /// transport, and only peers with a certificate signed by ca.crt are
  /// accepted. "" = plain TCP (loopback or a private network only).
  std::string node_tls_dir;
  /// The folder of the resource files (synonyms, demonstrations); "" =
  /// resources/ next to the binary (config/resources.h). A missing file
  /// stops the agent at start-up.
  std::string resources;
  /// The `openai` brain's endpoint, prompt and fault policy (unused by rules).
  LlmConfig llm;
};

}  // namespace interec
