#include "actors/demo_generator.h"

#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "brain/llm/llm_brain.h"
#include "brain/llm/llm_plan.h"
#include "brain/llm/http_client.h"
#include "brain/llm/llm_chat.h"
#include "config/cli_args.h"
#include "config/llm_cli.h"
#include "tools/toolbox.h"
#include "tools/plan_json.h"

namespace interec {
namespace {

using nlohmann::json;

class Generator {
 public:
  Generator(const LlmBrain& brain, HttpClient& http, std::ostream& log) : brain_(brain), http_(http), log_(log) {}

  // The content of one chat call, retried like the planner does; "" on failure.
  std::string chat(const json& messages) {
    const LlmConfig& c = brain_.config();
    ChatResult r = chat_sync([this](HttpRequest q) { return http_.send_sync(std::move(q)); }, c, messages,
                             std::chrono::steady_clock::now() + c.plan_budget, rng_);
    if (!r.ok) {
      log_ << "demos: no answer from the endpoint: " << r.error << "\n";
      return "";
    }
    return r.content;
  }

  std::optional<json> plan(const std::string& request) {
    BrainRequest r;
    r.text = request;
    const std::string content = chat(brain_.plan_messages(r));
    PlanAttempt a = brain_.interpret_plan(content, r);
    if (!a.ok) return std::nullopt;
    return plan_to_json(a.plan.plan);
  }

 private:
  const LlmBrain& brain_;
  HttpClient& http_;
  std::ostream& log_;
  std::mt19937 rng_{std::random_device{}()};
};

std::vector<std::string> strings_in(const std::string& content) {
  std::vector<std::string> out;
  json j = extract_json(content);
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_object() && j.contains("request") && j["request"].is_string()) out.push_back(j["request"]);
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string() && !x.get<std::string>().empty()) out.push_back(x.get<std::string>());
  if (out.empty() && !content.empty() && content.find_first_of("[{") == std::string::npos) {
    std::string t = content;
    t.erase(0, t.find_first_not_of(" \t\r\n\""));
    t.erase(t.find_last_not_of(" \t\r\n\"") + 1);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

}  // namespace

DemoGenerateSummary generate_demonstrations(const DemoGenerateOptions& options, std::ostream& log) {
  auto box = Toolbox::open(options.data_dir);
  LlmBrain brain(box, options.llm, Resources(options.resources));
  HttpClient http;
  Generator gen(brain, http, log);
  std::ofstream out(options.out, std::ios::app);
  if (!out) throw std::runtime_error("cannot write " + options.out);
  DemoGenerateSummary summary;
  auto keep = [&](const std::string& request, const json& plan, const char* source) {
    out << json{{"request", request}, {"plan", plan}, {"source", source}}.dump(
             -1, ' ', false, json::error_handler_t::replace)
        << "\n";
    ++summary.kept;
  };

  if (options.input_first) {
    const json ask = json::array(
      {{{"role", "system"}, {"content", "You invent what users say to a recommender agent. Answer with only a JSON array of strings."}},
       {{"role", "user"},
        {"content", brain.schema_text("") + "\nWrite " + std::to_string(options.count) +
                      " different requests users could send to a recommender agent over this catalog: "
                      "kinds of items (by the columns above), items like one they name, questions "
                      "about an item, rankings of items they list, greetings. Use only the columns and "
                      "values above."}}});
    for (const auto& request : strings_in(gen.chat(ask))) {
      ++summary.proposed;
      auto first = gen.plan(request);
      if (!first) continue;
      auto again = gen.plan(request);  // the paper's consistency check
      if (again && plan_shape(*again) == plan_shape(*first)) keep(request, *first, "input-first");
      else log << "demos: dropped (plans disagree): " << request << "\n";
    }
  }
  if (options.output_first) {
    // One plan per shape of the pool, cycled until `count`.
    std::map<std::string, const Demonstration*> shapes;
    for (const auto& d : brain.demonstrations().all()) shapes.emplace(d.shape, &d);
    std::vector<const Demonstration*> plans;
    for (auto& [shape, d] : shapes) plans.push_back(d);
    for (size_t k = 0; k < options.count && !plans.empty(); ++k) {
      const Demonstration& d = *plans[k % plans.size()];
      const json ask = json::array(
        {{{"role", "system"}, {"content", "You invent what users say to a recommender agent."}},
         {{"role", "user"},
          {"content", brain.schema_text("") + "\nThe agent runs this plan of tool calls: " + d.plan.dump() +
                        "\nWrite the one request a user would send for which this plan is right (you may "
                        "change names and values). Answer with only the request as a JSON string."}}});
      for (const auto& request : strings_in(gen.chat(ask))) {
        ++summary.proposed;
        auto planned = gen.plan(request);
        if (planned && plan_shape(*planned) == d.shape) keep(request, *planned, "output-first");
        else log << "demos: dropped (re-planned differently): " << request << "\n";
        break;
      }
    }
  }
  log << "demos: kept " << summary.kept << " of " << summary.proposed << " proposed pairs in " << options.out << "\n";
  return summary;
}

int demos_command(int argc, char** argv) {
  CliArgs args(argc, argv, 2, with_llm_options({"data", "out", "count", "mode"}), {});
  if (args.positional().size() != 1 || args.positional()[0] != "generate")
    throw UsageError("demos needs the action: generate");
  AgentConfig agent;
  agent.brain = "openai";
  apply_llm_cli(args, agent);
  DemoGenerateOptions options;
  options.data_dir = args.require("data");
  options.llm = agent.llm;
  options.resources = agent.resources;
  options.out = args.get("out", options.data_dir + "/demonstrations.generated.jsonl");
  options.count = static_cast<size_t>(args.get_int("count", 20, 1, 1000));
  const std::string mode = args.get("mode", "both");
  if (mode != "both" && mode != "input-first" && mode != "output-first")
    throw UsageError("--mode must be both, input-first or output-first");
  options.input_first = mode != "output-first";
  options.output_first = mode != "input-first";
  // Nothing kept (a dead endpoint, a model that never agrees with itself)
  // is a failure a script must see.
  return generate_demonstrations(options, std::cerr).kept > 0 ? 0 : 1;
}

}  // namespace interec
