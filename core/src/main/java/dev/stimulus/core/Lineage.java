package dev.stimulus.core;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a blob came from: the tree of actions that produced it, walked {@code by-output/ -> ac/ ->
 * inputs} back to the ingestion of the raw data, with renderers for people (indented text),
 * programs (JSON) and Graphviz (DOT).
 *
 * @param root the queried blob and its producer
 */
public record Lineage(Node root) {

  /** Action graphs are acyclic by construction (keys hash their inputs); this only bounds damage. */
  public static final int MAX_DEPTH = 256;

  /**
   * One blob in the tree.
   *
   * @param blob the blob's digest
   * @param output the name under which the producer emitted it; null when the producer is unknown
   * @param producer the action that produced it; null when none is recorded (e.g. a bare put)
   * @param inputs the producer's inputs by port, each traced in turn
   * @param truncated true when the walk stopped here at {@link #MAX_DEPTH}
   */
  public record Node(
      Digest blob,
      String output,
      ActionRecord producer,
      SortedMap<String, Node> inputs,
      boolean truncated) {

    public Node {
      inputs = new TreeMap<>(inputs == null ? Map.of() : inputs);
    }

    public boolean isIngest() {
      return producer != null && ContentStore.INGEST_STAGE.equals(producer.stage());
    }
  }

  /** Traces a blob back to raw data. A blob with no recorded producer is a leaf. */
  public static Lineage trace(ArtifactStore store, Digest blob) {
    return new Lineage(walk(store, blob, 0, new HashMap<>()));
  }

  private static Node walk(
      ArtifactStore store, Digest blob, int depth, Map<Digest, Optional<ActionRecord>> seen) {
    if (depth >= MAX_DEPTH) {
      return new Node(blob, null, null, new TreeMap<>(), true);
    }
    // Shared upstream steps (one split feeding many transforms) are fetched once.
    Optional<ActionRecord> producer = seen.computeIfAbsent(blob, store::producerOf);
    if (producer.isEmpty()) {
      return new Node(blob, null, null, new TreeMap<>(), false);
    }
    ActionRecord record = producer.get();
    String output =
        record.outputs().entrySet().stream()
            .filter(e -> e.getValue().digest().equals(blob))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    SortedMap<String, Node> inputs = new TreeMap<>();
    record.inputs().forEach((port, ref) -> inputs.put(port, walk(store, ref.digest(), depth + 1, seen)));
    return new Node(blob, output, record, inputs, false);
  }

  // ---------------------------------------------------------------- text

  /** An indented tree: per action its stage, impl, short key, params and outputs. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    text(root, 0, out);
    return out.toString();
  }

  private static void text(Node node, int depth, StringBuilder out) {
    String pad = "  ".repeat(depth);
    ActionRecord r = node.producer();
    if (node.truncated()) {
      out.append(pad).append(node.blob()).append(" (lineage deeper than ").append(MAX_DEPTH)
          .append(" steps not shown)\n");
      return;
    }
    if (r == null) {
      out.append(pad).append(node.blob()).append(" (no recorded producer)\n");
      return;
    }
    out.append(pad).append(r.stage()).append(' ').append(r.impl()).append(" v").append(r.implVersion())
        .append("  key ").append(r.key().shortHex()).append('\n');
    String inner = pad + "  ";
    if (node.isIngest()) {
      out.append(inner).append("source: ").append(r.params().path("source").asText()).append('\n');
      BlobRef data = r.outputs().get(node.output());
      if (data != null) {
        out.append(inner).append("size: ").append(data.size()).append(" bytes\n");
      }
      out.append(inner).append("sha256: ").append(node.blob()).append('\n');
      return;
    }
    out.append(inner).append("params: ").append(CanonicalJson.write(r.params())).append('\n');
    JsonNode platform = r.execution() == null ? null : r.execution().get("platform");
    if (platform != null && platform.isObject()) {
      out.append(inner).append("platform: ").append(platform.path("reproducibility").asText("?")).append(" mode on ")
          .append(Reproduction.describe(platform)).append('\n');
    }
    out.append(inner).append("outputs:");
    r.outputs().forEach((name, ref) -> out.append(' ').append(name).append('=').append(ref.digest().shortHex()));
    out.append('\n');
    node.inputs().forEach((port, child) -> {
      out.append(inner).append("input ").append(port).append(":\n");
      text(child, depth + 2, out);
    });
  }

  // ---------------------------------------------------------------- JSON

  /** The tree as JSON: {@code {blob, output, producer{...}, source?, inputs{port: node}}}. */
  public ObjectNode toJson() {
    return json(root);
  }

  private static ObjectNode json(Node node) {
    ObjectNode n = CanonicalJson.MAPPER.createObjectNode();
    n.put("blob", node.blob().hex());
    if (node.truncated()) {
      n.put("truncated", true);
      return n;
    }
    ActionRecord r = node.producer();
    if (r == null) {
      n.putNull("producer");
      return n;
    }
    n.put("output", node.output());
    ObjectNode p = n.putObject("producer");
    p.put("key", r.key().hex());
    p.put("stage", r.stage());
    p.put("impl", r.impl());
    p.put("implVersion", r.implVersion());
    p.set("params", r.params());
    p.set("outputs", CanonicalJson.MAPPER.valueToTree(r.outputs()));
    if (r.execution() != null) {
      p.set("execution", r.execution());
    }
    if (node.isIngest()) {
      n.put("source", r.params().path("source").asText());
    }
    ObjectNode inputs = n.putObject("inputs");
    node.inputs().forEach((port, child) -> inputs.set(port, json(child)));
    return n;
  }

  // ---------------------------------------------------------------- DOT

  /** Graphviz DOT: actions as boxes, blobs as ellipses, edges labelled by port. */
  public String toDot() {
    Set<String> lines = new LinkedHashSet<>();
    dot(root, lines);
    StringBuilder out = new StringBuilder("digraph lineage {\n  rankdir=LR;\n");
    lines.forEach(l -> out.append("  ").append(l).append('\n'));
    return out.append("}\n").toString();
  }

  private static void dot(Node node, Set<String> lines) {
    String blobId = quote("blob_" + node.blob().hex());
    lines.add(blobId + " [shape=ellipse, label=" + quote(node.blob().shortHex()) + "];");
    ActionRecord r = node.producer();
    if (r == null) {
      return;
    }
    String actionId = quote("action_" + r.key().hex());
    String label = r.stage() + "\n" + r.impl() + " v" + r.implVersion() + "\n" + r.key().shortHex();
    if (node.isIngest()) {
      label += "\n" + r.params().path("source").asText();
    }
    lines.add(actionId + " [shape=box, label=" + quote(label) + "];");
    lines.add(actionId + " -> " + blobId + " [label=" + quote(String.valueOf(node.output())) + "];");
    node.inputs().forEach((port, child) -> {
      dot(child, lines);
      lines.add(quote("blob_" + child.blob().hex()) + " -> " + actionId + " [label=" + quote(port) + "];");
    });
  }

  /** A DOT string literal; newlines become DOT's centred line breaks. */
  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
