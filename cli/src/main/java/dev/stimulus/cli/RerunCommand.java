package dev.stimulus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.CanonicalJson;
import dev.stimulus.workflows.conductor.ConductorApi;
import dev.stimulus.workflows.conductor.Definitions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stimulus rerun WORKFLOW_ID --set transform.std=0.3}: a {@code stimulus_trial} again with
 * some inputs changed. Every unchanged step is a cache hit; the output lists each task's hit or miss.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true,
    description = "Run a stimulus_trial workflow again with some parameters changed; unchanged steps are cache hits. "
        + "To rerun a sweep, run its experiment again ('stimulus run --engine conductor').")
final class RerunCommand implements Callable<Integer> {

  private static final List<String> ORDER = List.of("ingest", "split", "transform", "encode", "train", "evaluate");
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED");

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "A stimulus_trial workflow id.")
  String workflowId;

  @Option(names = "--set", paramLabel = "KEY=VALUE", required = true,
      description = "e.g. transform.std=0.3, transform.GaussianNoise.std=0.3, train.epochs=5, split.ratios=[0.8,0.1,0.1], "
          + "seed=1, dataset=s3://bucket/key, or a path such as transforms[0].params.std=0.3. VALUE is JSON or text.")
  List<String> sets;

  @Option(names = "--in-place",
      description = "Use Conductor's rerun from the first changed task (new task input) instead of starting a new workflow.")
  boolean inPlace;

  @Option(names = "--no-wait", description = "Start and print the workflow id without waiting for it.")
  boolean noWait;

  @Mixin ConductorOptions conductor;
  @Mixin StoreOptions storeOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConductorApi api = conductor.api(storeOptions.stateDir());
    api.requireReachable();
    JsonNode wf = api.workflow(workflowId);
    String name = wf.path("workflowName").asText();
    if (!Definitions.TRIAL.equals(name)) {
      throw new Main.UserError("workflow " + workflowId + " is a " + (name.isEmpty() ? "unknown workflow" : name)
          + "; rerun works on " + Definitions.TRIAL + " (for a sweep, run its experiment again)");
    }
    ObjectNode input = wf.path("input").deepCopy();
    Map<String, String> changedStages = new LinkedHashMap<>();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new Main.UserError("--set expects KEY=VALUE, got '" + set + "'");
      }
      changedStages.put(apply(input, set.substring(0, eq).strip(), value(set.substring(eq + 1))), set);
    }
    String id;
    if (inPlace) {
      String first = ORDER.stream().filter(changedStages::containsKey).findFirst().orElseThrow();
      JsonNode task = lastTask(wf, first);
      ObjectNode taskInput = task.path("inputData").deepCopy();
      switch (first) {
        case "ingest" -> taskInput.set("dataset", input.get("dataset"));
        case "transform" -> taskInput.set("steps", input.get("transforms"));
        default -> {
          taskInput.set("params", input.path(first).get("params"));
          taskInput.set("impl", input.path(first).get("name"));
        }
      }
      if (changedStages.containsKey("seed")) {
        throw new Main.UserError("--in-place cannot change the seed (every task reads it); rerun without --in-place");
      }
      api.rerunFromTask(workflowId, task.path("taskId").asText(), taskInput);
      id = workflowId;
      out.println("rerunning " + workflowId + " from its " + first + " task with " + String.join(", ", sets));
    } else {
      ObjectNode domains = wf.path("taskToDomain").isObject() ? (ObjectNode) wf.path("taskToDomain") : null;
      Map<String, String> d = new LinkedHashMap<>();
      if (domains != null) {
        domains.fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText()));
      }
      id = api.start(Definitions.TRIAL, wf.path("workflowVersion").asInt(Definitions.VERSION), input, d);
      out.println("started " + id + " (" + Definitions.TRIAL + " with " + String.join(", ", sets) + ")");
    }
    if (noWait) {
      return 0;
    }
    out.flush();
    JsonNode done;
    while (true) {
      done = api.workflow(id);
      if (TERMINAL.contains(done.path("status").asText()) && !(inPlace && stillOld(done, wf))) {
        break;
      }
      Thread.sleep(250);
    }
    for (String ref : ORDER) {
      JsonNode t = lastTask(done, ref);
      if (t == null) {
        continue;
      }
      JsonNode o = t.path("outputData");
      out.printf(Locale.ROOT, "  %-9s %-10s %s%n", ref, t.path("status").asText().equals("COMPLETED")
          ? (o.path("cacheHit").asBoolean() ? "cache hit" : "ran") : t.path("status").asText(),
          o.has("actionKey") ? "action " + o.path("actionKey").asText().substring(0, 12) : t.path("reasonForIncompletion").asText(""));
    }
    out.println("workflow " + id + ": " + done.path("status").asText());
    return done.path("status").asText().equals("COMPLETED") ? 0 : Main.SOME_FAILED;
  }

  /** A rerun in place reuses the id: wait until Conductor has picked it up again. */
  private static boolean stillOld(JsonNode now, JsonNode before) {
    return now.path("updateTime").asLong() == before.path("updateTime").asLong();
  }

  private static JsonNode lastTask(JsonNode wf, String ref) {
    JsonNode last = null;
    for (JsonNode t : wf.path("tasks")) {
      if (t.path("referenceTaskName").asText().equals(ref)) {
        last = t;
      }
    }
    return last;
  }

  private static JsonNode value(String text) {
    try {
      return CanonicalJson.MAPPER.readTree(text);
    } catch (IOException e) {
      return CanonicalJson.MAPPER.getNodeFactory().textNode(text);
    }
  }

  /** Sets one value; returns the stage it belongs to ({@code ingest} for the dataset, {@code seed}). */
  static String apply(ObjectNode input, String key, JsonNode value) {
    String[] parts = key.split("\\.");
    String head = parts[0];
    if (key.equals("dataset")) {
      input.set("dataset", value);
      return "ingest";
    }
    if (key.equals("seed")) {
      input.set("seed", value);
      return "seed";
    }
    if (head.startsWith("transforms[") || head.equals("transform")) {
      ArrayNode steps = input.withArray("transforms");
      if (head.startsWith("transforms[")) {
        setPath(input, key, value);
        return "transform";
      }
      if (parts.length == 3) {
        for (JsonNode s : steps) {
          if (s.path("name").asText().equals(parts[1])) {
            ((ObjectNode) s).with("params").set(parts[2], value);
            return "transform";
          }
        }
        throw new Main.UserError("--set " + key + ": the trial has no transform step named " + parts[1]);
      }
      if (parts.length == 2) {
        List<ObjectNode> having = new ArrayList<>();
        steps.forEach(s -> {
          if (s.path("params").has(parts[1])) {
            having.add((ObjectNode) s);
          }
        });
        if (having.size() == 1 || (having.isEmpty() && steps.size() == 1)) {
          (having.isEmpty() ? (ObjectNode) steps.get(0) : having.get(0)).with("params").set(parts[1], value);
          return "transform";
        }
        throw new Main.UserError("--set " + key + ": " + (having.isEmpty() ? "no" : "more than one")
            + " transform step has the parameter '" + parts[1] + "'; name the step: transform.<Step>." + parts[1]);
      }
      throw new Main.UserError("--set " + key + ": expected transform.<param> or transform.<Step>.<param>");
    }
    if (List.of("split", "encode", "train", "evaluate").contains(head) && parts.length == 2) {
      input.with(head).with("params").set(parts[1], value);
      return head;
    }
    if (List.of("split", "encode", "train", "evaluate").contains(head) && parts.length > 2) {
      setPath(input, key, value);
      return head;
    }
    throw new Main.UserError("--set " + key + ": expected dataset, seed, <split|encode|train|evaluate>.<param>, "
        + "transform.<param>, transform.<Step>.<param> or a path such as transforms[0].params.std");
  }

  /** A path of names and [index]es into the input, e.g. {@code transforms[0].params.std}. */
  private static void setPath(ObjectNode root, String path, JsonNode value) {
    List<Object> steps = new ArrayList<>();
    for (String part : path.split("\\.")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(part);
      if (!m.matches()) {
        throw new Main.UserError("--set " + path + ": cannot read '" + part + "'");
      }
      if (!m.group(1).isEmpty()) {
        steps.add(m.group(1));
      }
      java.util.regex.Matcher idx = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
      while (idx.find()) {
        steps.add(Integer.parseInt(idx.group(1)));
      }
    }
    JsonNode node = root;
    for (int i = 0; i < steps.size() - 1; i++) {
      Object s = steps.get(i);
      JsonNode next = s instanceof Integer n ? node.path(n) : node.path((String) s);
      if (!next.isContainerNode()) {
        throw new Main.UserError("--set " + path + ": the trial's input has nothing at " + s);
      }
      node = next;
    }
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer n && node instanceof ArrayNode a && n < a.size()) {
      a.set(n, value);
    } else if (last instanceof String s && node instanceof ObjectNode o) {
      o.set(s, value);
    } else {
      throw new Main.UserError("--set " + path + ": cannot set " + last + " there");
    }
  }
}
