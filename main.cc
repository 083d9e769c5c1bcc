// interec: a conversational recommender agent. Sub-commands:
//   prepare  import a catalog + interactions and train the default models
//   chat     talk to the agent on a terminal (or line by line from stdin)
#include <unistd.h>

#include <cstdint>
#include <iostream>

#include "actors/demo_generator.h"
#include "actors/dialogue_eval.h"
#include "actors/eval_driver.h"
#include "actors/node.h"
#include "brain/rules/stance_eval.h"
#include "brain/rules/understand_command.h"
#include "bridge/cli_chat.h"
#include "bridge/client_cli.h"
#include "bridge/curve_keys.h"
#include "bridge/front_run.h"
#include "bridge/irc/irc_bridge.h"
#include "bridge/loadgen.h"
#include "bridge/openai_api/openai_api.h"
#include "bridge/serve.h"
#include "bridge/web_chat.h"
#include "storage/text.h"
#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "storage/catalog.h"
#include "storage/dataset.h"
#include "storage/importer.h"
#include "storage/profile_command.h"
#include "tools/eval/eval_command.h"
#include "tools/models/train_command.h"
#include "tools/prepare_dataset.h"
#include "tools/prepare_phases.h"
#include "tools/eval/progress.h"

namespace interec {
namespace {

constexpr const char* kUsage = R"(usage: interec COMMAND [options]

commands:
  prepare --source DIR --out DIR [--format auto|movielens|generic] [--quiet]
          [--models item_knn,mf,text[,sasrec]] [--dialogs FILE... [--dialogs-format redial|inspired]]
      Import MovieLens 100K / 1M / latest or the generic CSV/TSV format into a
      prepared dataset folder (SQLite catalog, interactions, trained models);
      --models chooses the models (default item_knn,mf,text; item_knn always);
      with --dialogs, also the dialog model learned from those dialogues.
  train --data DIR --model dialog --dialogs FILE... [--format redial|inspired]
        [--split dev|validation|all]
      Learn item-item relations from dialogue logs (ReDial format: movies
      named, liked and suggested together); rank and soft_filter add them
      with a weight chosen on held-out dialogues. --split dev for evaluation.
  train --data DIR --model stance --dialogs FILE... [--split dev|validation|all]
      Learn the seeker's stance toward each movie they name (liked, disliked,
      seen, neutral) from ReDial's questionnaire; the rules brain asks it
      where its stance words find none. --split dev for evaluation.
  train --data DIR --model itemcf|mf|sasrec|text [--seed S] [--threads N]
        [--epochs N --dim D --blocks B --max-len L --dropout P --lr X --batch B]
        [--factors F --iterations N --alpha A --reg R] [--neighbours K]
      (Re)train one model on a prepared dataset (sasrec is trained only so).
  eval offline --data DIR [--model NAME|all] [--json] [--seed S] [model options]
      Leave-one-out evaluation: HR@10, NDCG@10 over the catalog and over 100
      sampled negatives, each model trained on the training split.
  eval simulate --data DIR [--sessions N] [--max-turns 5] [--k 5] [--seed S]
                [--simulator rules|paraphrase|openai] [--simulator-config FILE]
                [--json] [--min-history N] [--wordings N] [--brain rules|openai]
                [--reflection N] [LLM flags as for chat]
      Simulated conversations through the agent: Hit@k, AT@k, failed plans,
      turn latency, beside baselines and the one-turn tasks (docs/evaluation.md).
      Without --simulator, the rules user and the paraphrasing user (phrase
      tables in tools-data/user_phrasings.tsv), side by side; --json: one.
      --simulator openai: a language model plays the user (same LLM flags,
      or --simulator-config FILE for the simulator alone).
  eval dialogs --data DIR --dialogs FILE... [--format redial|inspired]
               [--split dev|validation|all] [--json] [--explain] [--limit N]
               [--brain rules|openai] [LLM flags as for chat]
      Real dialogues replayed through the agent, seeker turn by seeker turn:
      R@1/5/10/50 of the movies the human recommender named next, the share
      of turns without items, popularity and item-kNN on the same turns, the
      agent's turns by failure class; --explain writes every turn to stderr.
  eval stance --data DIR --dialogs FILE... [--split dev|validation|all]
      The stance toward each movie a seeker names, read by the rules alone,
      the rules with the stance model, and the model alone, against ReDial's
      questionnaire: accuracy, recall and precision per class.
  chat --data DIR [--user ID] [--json] [--items N] [--reflection N] [--state DIR]
      Chat with the agent over a prepared dataset. On a terminal: a REPL.
      Otherwise one request per line; --json writes one JSON object per turn.
      --items N (1-50): list N items when a message states no count.
      Profiles persist in --state (default DATA/profiles) under "cli:ID".
      --brain openai --llm-url http://HOST:PORT/v1 --llm-model NAME plans with
      an OpenAI-compatible endpoint (key: $OPENAI_API_KEY); also
      [--llm-config FILE] [--reply-style template|llm] [--demos FILE]
      [--num-demos K] (docs/llm.md, config/llm.example.json).
      --resources DIR (also serve, eval, demos, understand): the synonyms,
      demonstrations and phrasings; default resources/ next to this binary.
  demos generate --data DIR --llm-url URL --llm-model NAME [--out FILE]
       [--count N] [--mode both|input-first|output-first]
      Grow the demonstration pool with the model (input-first and
      output-first); keeps pairs whose re-planned plan matches. Appends to
      --out (default DATA/demonstrations.generated.jsonl); use with --demos.
  chat --connect tcp://HOST:PORT [--user ID] [--channel NAME] [--json] [--items N]
       [--curve-secret FILE --server-key FILE] [--connect-timeout SECONDS]
      The same chat through a running `interec serve` (docs/protocol.md). A
      server that does not answer within --connect-timeout (default 5) is
      an error. chat exits 1 when a request failed.
  serve --data DIR --bind tcp://127.0.0.1:5555 [--state DIR] [--config FILE]
        [--curve-secret FILE --allow-keys DIR]
        [--tools-at HOST:PORT[,HOST:PORT...] [--no-local-tools]] [--memory-at HOST:PORT]
        [--node-tls DIR] [--reflection N] [--brain rules|openai]
        [--llm-url URL --llm-model NAME [--llm-config FILE]
         [--reply-style template|llm] [--demos FILE] [--num-demos K]]
      Serve the agent over ZeroMQ until SIGINT/SIGTERM. With CURVE, only
      clients whose key is in DIR/CHANNEL.pub are admitted, each to its
      CHANNEL only. --brain (default rules) and the LLM flags work as in
      chat; openai without a URL is a start-up error. --config: JSON
      with a "serve" and an "llm" section (README); --llm-config, then the
      flags, override the file's "llm" section.
      --tools-at runs tool steps on tool nodes (least loaded first; locally
      when none answers, unless --no-local-tools); --memory-at shares the
      profiles of a memory node (docs/deployment.md).
  front --bind tcp://0.0.0.0:5555 --backends tcp://HOST:PORT[,tcp://HOST:PORT...]
        [--config FILE] [--curve-secret FILE --allow-keys DIR]
      One endpoint for the channels in front of several `serve` processes,
      until SIGINT/SIGTERM: the same protocol, each session (channel, user,
      session) sticky to one backend (rendezvous hashing over the backends
      up), backends pinged every 500 ms; a backend that is down costs only
      its own sessions. --config: JSON with a "front" section (README).
      CURVE as for serve; the links to the backends are plain TCP.
  node --data DIR --role tools|memory [--listen 127.0.0.1:4242] [--state DIR]
       [--tls DIR]
      One node of a distributed deployment, on CAF's middleman. Plain TCP is
      unauthenticated: loopback or a private network only; --tls DIR (node.crt,
      node.key, ca.crt; serve takes --node-tls DIR) uses CAF's OpenSSL
      transport and admits only peers certified by ca.crt.
  web --connect tcp://HOST:PORT [--listen 127.0.0.1:8080] [--channel web]
      [--secret-file FILE] [--secure-cookie] [--curve-secret FILE --server-key FILE]
      [--connect-timeout SECONDS]
      A web chat through `serve`: recommendations as cards with the
      catalog's attributes, feedback buttons, details, a profile page. The
      user comes from a cookie signed with the secret in FILE (created when
      missing; without it identities end with the process).
  openai-api --connect tcp://HOST:PORT [--listen 127.0.0.1:8000] [--api-keys FILE]
             [--channel openai] [--max-connections N] [--curve-secret FILE --server-key FILE]
      An OpenAI-compatible endpoint (POST /v1/chat/completions, streaming or
      not; GET /v1/models) through `serve`; the user is the API key's account
      (FILE: `account = key` lines) or the request's `user` field; see
      docs/channels.md.
  irc --server HOST:PORT --nick NAME --channels '#a,#b' --connect tcp://HOST:PORT
      [--tls [--tls-ca FILE]] [--channel irc] [--flood-burst 5 --flood-interval-ms 700]
      [--curve-secret FILE --server-key FILE]
      An IRC bot through `serve`: joins the channels, answers private
      messages and lines starting "NAME:"; one conversation per (server,
      nick, user); reconnects with back-off; QUIT on SIGTERM (docs/channels.md).
  loadgen --connect tcp://HOST:PORT [--sessions N] [--turns M] [--rate R] [--json]
          [--channel NAME] [--curve-secret FILE --server-key FILE]
      N concurrent sessions of M turns each; throughput and latency. --rate:
      turns offered per second in all (default: each session as fast as
      its answers come).
  keygen --out PREFIX
      A CURVE key pair: PREFIX.key (secret, mode 0600) and PREFIX.pub.
  profile export-dialogs --data DIR (--user CHANNEL:USER | --all) --out FILE [--state DIR]
      The agent's own conversations as ReDial jsonl (items it listed as
      movieMentions, the user's feedback as liked/seen), for
      `train --model dialog --dialogs FILE`.
  profile show|export|delete --data DIR --user CHANNEL:USER [--state DIR]
      show: the profile as JSON, items with titles; export: everything kept
      about the user (profile and dialogue log) as JSON; delete: erase the
      user from every file of the store (right to be forgotten; backups
      keep their copies).
  profile rebind --data DIR [--state DIR]
      Bind the profiles to DIR's dataset when it holds the same items
      prepared again (a store refuses another dataset's catalog: its item
      ids would name other items); says how many stored ids it lacks.
  profile repair|backup|restore (--data DIR | --state DIR)
      repair: rebuild a damaged store in place (copies the folder first);
      backup --to DIR: add a verified backup, also while the store is in
      use; restore --from DIR [--backup N]: return to a backup (the latest
      by default; the current folder is moved aside, never deleted).
  understand --data DIR [--resources DIR]
      What the rules brain understands of each line of stdin, as JSON: the
      titles named and the stance toward each, conditions, soft
      preferences, spelling corrected, words not understood.
  help
      This text.
)";

int cmd_prepare(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"source", "out", "format", "dialogs...", "dialogs-format", "models"}, {"quiet"});
  ImportOptions options;
  options.source_dir = args.require("source");
  options.out_dir = args.require("out");
  const std::string format = args.get("format", "auto");
  if (format == "auto") options.format = SourceFormat::automatic;
  else if (format == "movielens") options.format = SourceFormat::movielens;
  else if (format == "generic") options.format = SourceFormat::generic;
  else throw UsageError("--format must be auto, movielens or generic");
  PrepareModels models;
  try {
    if (args.has("models")) models = parse_prepare_models(args.get("models"));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--models: ") + e.what());
  }
  DialogueSource dialogs;  // learned from in full: evaluations use `train --split dev`
  dialogs.files = args.list("dialogs");
  try {
    dialogs.format = dialogue_format(args.get("dialogs-format", "redial"));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--dialogs-format: ") + e.what());
  }
  const bool quiet = args.has("quiet");
  // The bar only on a terminal; the phase lines and their table unless --quiet.
  const bool terminal = ::isatty(2) != 0;
  ProgressReporter bar(std::cerr, terminal, quiet || !terminal);
  PreparePhases phases;
  options.progress = [&](const std::string& line) {
    phases.start(line);
    if (quiet) return;
    bar.finish();
    std::cerr << line << "\n";
  };
  options.advance = bar.callback();
  const ImportSummary summary = prepare_dataset(options, models);
  bar.finish();
  phases.finish();
  if (!quiet) std::cerr << "where prepare's time went:\n" << phases.table();
  std::cout << "prepared " << options.out_dir << " (" << summary.format << "): " << summary.items
            << " items, " << summary.users << " users, " << summary.interactions
            << " interactions; models " << to_string(models);
  if (summary.skipped_rows) std::cout << ", " << summary.skipped_rows << " junk rows skipped";
  std::cout << "\n";
  for (const auto& w : summary.warnings) std::cout << "  warning: " << w << "\n";
  if (!dialogs.files.empty()) std::cout << train_dialog_files(options.out_dir, dialogs) << "\n";
  return 0;
}

int cmd_chat(int argc, char** argv) {
  CliArgs args(argc, argv, 2,
               with_brain_options(with_client_options({"data", "user", "state", "channel", "items", "connect-timeout"})),
               {"json"});
  ChatOptions options;
  options.connect = args.get("connect");
  options.channel = args.get("channel", "cli");
  options.curve_secret_file = args.get("curve-secret");
  options.server_key_file = args.get("server-key");
  options.connect_timeout = connect_timeout(args);
  if (options.connect.empty()) options.data_dir = args.require("data");
  options.state_dir = args.get("state");
  options.user = args.get("user", "local");
  options.json = args.has("json");
  options.items = static_cast<uint32_t>(args.get_int("items", 0, 1, 50));
  apply_brain_cli(args, options.agent);
  return run_chat(options, std::cin, std::cout, ::isatty(0) && ::isatty(1));
}

int cmd_serve(int argc, char** argv) {
  CliArgs args(argc, argv, 2,
               with_brain_options({"data", "bind", "state", "config", "curve-secret",
                                   "allow-keys", "workers", "tools-at", "memory-at", "node-tls"}),
               {"no-local-tools"});
  ServeOptions options;
  options.data_dir = args.require("data");
  options.bridge.bind = args.get("bind", "tcp://127.0.0.1:5555");
  options.state_dir = args.get("state");
  options.curve_secret_file = args.get("curve-secret");
  options.allow_keys_dir = args.get("allow-keys");
  if (args.has("config")) apply_serve_config(args.get("config"), options);
  if (args.has("workers")) options.agent.workers = static_cast<size_t>(args.get_int("workers", 0, 0, 256));
  options.agent.tools_at = args.get("tools-at", options.agent.tools_at);
  options.agent.memory_at = args.get("memory-at", options.agent.memory_at);
  if (args.has("no-local-tools")) options.agent.local_tools_fallback = false;
  options.agent.node_tls_dir = args.get("node-tls", options.agent.node_tls_dir);
  // After the config file: its "llm" section, then --llm-config, then flags.
  apply_brain_cli(args, options.agent);
  return run_serve(options);
}

int cmd_front(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"bind", "backends", "config", "curve-secret", "allow-keys"}, {});
  FrontRunOptions options;
  if (args.has("config")) apply_front_config(args.get("config"), options);
  options.front.bind = args.get("bind", options.front.bind);
  if (args.has("backends")) {
    options.front.backends.clear();
    const std::string list = args.get("backends");
    for (auto endpoint : text::split(list, ","))
      if (!(endpoint = text::trim(endpoint)).empty()) options.front.backends.emplace_back(endpoint);
  }
  if (options.front.backends.empty())
    throw UsageError("front needs --backends (or \"backends\" in the --config file's \"front\")");
  options.curve_secret_file = args.get("curve-secret");
  options.allow_keys_dir = args.get("allow-keys");
  return run_front(options);
}

int cmd_node(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"data", "role", "listen", "state", "workers", "tls"}, {});
  NodeOptions options;
  options.data_dir = args.require("data");
  options.role = args.require("role");
  options.listen = args.get("listen", options.listen);
  options.state_dir = args.get("state");
  options.workers = static_cast<size_t>(args.get_int("workers", 0, 0, 256));
  options.tls_dir = args.get("tls");
  return run_node(options);
}

int cmd_loadgen(int argc, char** argv) {
  CliArgs args(argc, argv, 2, with_client_options({"sessions", "turns", "channel", "rate"}),
               {"json"});
  LoadgenOptions options;
  options.client = client_options(args);
  options.sessions = static_cast<size_t>(args.get_int("sessions", 100, 1, 1000000));
  options.turns = static_cast<size_t>(args.get_int("turns", 10, 1, 1000000));
  options.channel = args.get("channel", "loadgen");
  options.rate = static_cast<double>(args.get_int("rate", 0, 0, 10000000));
  LoadgenResult result = run_loadgen(options);
  if (args.has("json")) {
    std::cout << result.to_json().dump() << "\n";
  } else {
    std::cout << result.sessions << " sessions, " << result.turns << " turns, " << result.errors
              << " errors: " << result.turns_per_s << " turns/s, p50 " << result.p50_ms
              << " ms, p99 " << result.p99_ms << " ms\n";
  }
  return result.errors == 0 ? 0 : 1;
}

int cmd_keygen(int argc, char** argv) {
  CliArgs args(argc, argv, 2, {"out"}, {});
  const std::string prefix = args.require("out");
  auto pair = write_new_key_pair(prefix);
  std::cout << "wrote " << prefix << ".key (secret) and " << prefix
            << ".pub; public key " << pair.public_key << "\n";
  return 0;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  for (int i = 2; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << kUsage;
      return 0;
    }
  try {
    if (command == "prepare") return cmd_prepare(argc, argv);
    if (command == "chat") return cmd_chat(argc, argv);
    if (command == "demos") return demos_command(argc, argv);
    if (command == "profile") return profile_command(argc, argv);
    if (command == "train") return train_command(argc, argv);
    if (command == "eval" && argc > 2 && std::string(argv[2]) == "simulate")
      return eval_simulate_command(argc, argv);
    if (command == "eval" && argc > 2 && std::string(argv[2]) == "dialogs") return eval_dialogs_command(argc, argv);
    if (command == "eval" && argc > 2 && std::string(argv[2]) == "stance") return eval_stance_command(argc, argv);
    if (command == "eval") return eval_command(argc, argv);
    if (command == "serve") return cmd_serve(argc, argv);
    if (command == "front") return cmd_front(argc, argv);
    if (command == "node") return cmd_node(argc, argv);
    if (command == "web") return web_chat_command(argc, argv);
    if (command == "loadgen") return cmd_loadgen(argc, argv);
    if (command == "openai-api") return openai_api_command(argc, argv);
    if (command == "irc") return irc_command(argc, argv);
    if (command == "keygen") return cmd_keygen(argc, argv);
    if (command == "understand") return understand_command(argc, argv);
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "interec: unknown command '" << text::excerpt(command, 40) << "'\n" << kUsage;
    return 2;
  } catch (const UsageError& e) {
    // Messages may quote what was typed: never raw bytes on the terminal.
    std::cerr << "interec " << command << ": " << text::clean(e.what()) << "\n\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "interec " << command << ": " << text::clean(e.what()) << "\n";
    return 1;
  }
}

}  // namespace
}  // namespace interec

int main(int argc, char** argv) { return interec::run(argc, argv); }
