package dev.stimulus.workflows.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.ArtifactStore;
import dev.stimulus.core.Digest;
import dev.stimulus.core.StoreException;
import dev.stimulus.workflows.exec.NodeResult;
import dev.stimulus.workflows.exec.RunReport;
import dev.stimulus.workflows.exec.Status;
import dev.stimulus.workflows.plan.PlanNode;
import dev.stimulus.workflows.plan.Trial;
import dev.stimulus.workflows.results.Results;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The immutable record of one run, stored as the named root {@code refs/runs/<runId>_<experiment>.json}:
 * the run's {@link Results} (parameters, metrics, digests, action keys of every trial) plus what the
 * results do not say: when it ran, how long, and per trial which of its invocations ran and which
 * were cache hits. {@code refs/experiments/<name>.json} is overwritten by every run; these records are
 * not, so the trial index can be rebuilt from the store with its whole history ({@link
 * TrialIndex#rebuild}). The index is filled from this JSON only, whether live or rebuilt, so both
 * paths give the same rows.
 */
public final class RunRecord {

  /** The ref kind run records are stored under. */
  public static final String REF_KIND = "runs";
  static final int SCHEMA = 1;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{8}");

  private final ObjectNode json;
  private final Results results;

  private RunRecord(ObjectNode json) {
    this.json = json;
    if (json.path("schema").asInt() != SCHEMA || !json.path("results").isObject()
        || !RUN_ID.matcher(json.path("runId").asText()).matches()) {
      throw new StoreException("run record " + json.path("runId").asText("(no runId)")
          + ": expected schema " + SCHEMA + " with a runId like 20250101T120000000Z-0123abcd and a results object,"
          + " found schema " + json.path("schema") + " and fields " + fieldNames(json));
    }
    this.results = Results.fromJson((ObjectNode) json.get("results"));
  }

  /**
   * The record of a finished run that started at {@code startedAt}. A trial is {@code cached} when it
   * completed and every invocation on its path was a cache hit in this run.
   */
  public static RunRecord of(RunReport report, Instant startedAt) {
    Results results = report.results();
    ObjectNode o = F.objectNode();
    o.put("schema", SCHEMA);
    ObjectNode resultsJson = results.toJson();
    String seed = results.experiment() + "|" + startedAt + "|" + System.nanoTime() + "|" + resultsJson;
    String runId = ID_TIME.format(startedAt) + "-"
        + Digest.of(seed.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 8);
    o.put("runId", runId);
    o.put("experiment", results.experiment());
    o.put("startedAt", startedAt.toString());
    o.put("millis", report.millis());
    PlanNode ingest = report.plan().nodes().get(0);
    o.put("source", ingest.params().path("source").asText(""));
    ObjectNode nodes = o.putObject("nodes");
    for (Status s : List.of(Status.DONE, Status.CACHED, Status.FAILED, Status.BLOCKED)) {
      nodes.put(s.name().toLowerCase(Locale.ROOT), report.count(s));
    }
    ArrayNode cost = o.putArray("cost");
    for (Trial t : report.plan().trials()) {
      ObjectNode c = cost.addObject();
      c.put("index", t.index());
      long millis = 0;
      ArrayNode ran = F.arrayNode();
      int cachedNodes = 0;
      for (int n : t.path()) {
        NodeResult r = report.nodes().get(n);
        millis += r.millis();
        if (r.status() == Status.CACHED) {
          cachedNodes++;
        } else if (r.status() == Status.DONE) {
          ran.add(r.node().kind().id());
        }
      }
      c.put("millis", millis);
      c.put("cachedNodes", cachedNodes);
      c.put("nodes", t.path().size());
      c.set("ran", ran);
    }
    o.set("results", resultsJson);
    return new RunRecord(o);
  }

  public static RunRecord fromJson(ObjectNode json) {
    return new RunRecord(json.deepCopy());
  }

  /** Writes the record under {@code refs/runs/}; a record is never rewritten. */
  public void save(ArtifactStore store) {
    store.putRef(REF_KIND, refName(), json);
  }

  /** Every run record in the store, oldest first. */
  public static List<RunRecord> loadAll(ArtifactStore store) {
    List<RunRecord> out = new ArrayList<>();
    for (String name : store.listRefs(REF_KIND)) {
      ObjectNode o = store.getRef(REF_KIND, name).orElseThrow(
          () -> new StoreException("run record refs/runs/" + name + ".json was listed but cannot be read"));
      out.add(new RunRecord(o));
    }
    out.sort((a, b) -> a.runId().compareTo(b.runId()));
    return out;
  }

  String refName() {
    return runId() + "_" + experiment();
  }

  public String runId() {
    return json.get("runId").asText();
  }

  public String experiment() {
    return results.experiment();
  }

  public String startedAt() {
    return json.path("startedAt").asText();
  }

  public long millis() {
    return json.path("millis").asLong();
  }

  /** The data source of the run, as given to ingestion. */
  public String source() {
    return json.path("source").asText("");
  }

  public Results results() {
    return results;
  }

  /** Node counts: {@code done}, {@code cached}, {@code failed}, {@code blocked}. */
  public int nodes(String status) {
    return json.path("nodes").path(status).asInt();
  }

  /** The cost entry of trial {@code index}: millis, cachedNodes, nodes, ran (kinds that ran). */
  JsonNode cost(int index) {
    for (JsonNode c : json.withArray("cost")) {
      if (c.path("index").asInt(-1) == index) {
        return c;
      }
    }
    return F.objectNode();
  }

  public ObjectNode toJson() {
    return json.deepCopy();
  }

  private static String fieldNames(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }
}
