package dev.stimulus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stimulus.core.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lineage of a two-step synthetic chain, ingest -> split -> transform, on a real S3Proxy. */
class LineageTest {

  private ArtifactStore store;
  private ActionRecord ingest;
  private ActionRecord split;
  private ActionRecord transform;
  private Path csv;

  @BeforeEach
  void chain(@TempDir Path dir) throws Exception {
    store = TestStores.fresh();
    csv = dir.resolve("raw.csv");
    Files.writeString(csv, "x,y\n1,2\n3,4\n");
    ingest = store.ingest(csv.toUri(), BlobRef.CSV);
    split = step("split", "RandomSplit", "{\"ratios\":[0.5,0.5,0],\"seed\":1}",
        Map.of("data", ingest.output("data")), "table", "row_id,fold,x,y\n0,train,1,2\n1,test,3,4\n");
    transform = step("transform", "GaussianNoise", "{\"columns\":[\"x\"],\"std\":0.1}",
        Map.of("table", split.output("table")), "table", "row_id,fold,x,y\n0,train,1.05,2\n1,test,3,4\n");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ActionRecord step(String stage, String impl, String params, Map<String, BlobRef> inputs,
      String output, String bytes) throws Exception {
    JsonNode p = CanonicalJson.MAPPER.readTree(params);
    BlobRef out = store.put(bytes.getBytes(StandardCharsets.UTF_8), BlobRef.CSV);
    Map<String, Digest> in = new TreeMap<>();
    inputs.forEach((k, v) -> in.put(k, v.digest()));
    ActionRecord r = new ActionRecord(ActionRecord.SCHEMA, ActionKey.of(stage, impl, 1, p, in), stage, impl, 1, p,
        new TreeMap<>(inputs), new TreeMap<>(Map.of(output, out)), null);
    assertEquals(ArtifactStore.CommitOutcome.WRITTEN, store.commit(r));
    return r;
  }

  @Test
  void treeWalksBackToTheIngestRecord() {
    Lineage lineage = Lineage.trace(store, transform.output("table").digest());
    Lineage.Node root = lineage.root();
    assertEquals(transform.key(), root.producer().key());
    assertEquals("table", root.output());
    Lineage.Node mid = root.inputs().get("table");
    assertEquals(split.key(), mid.producer().key());
    Lineage.Node leaf = mid.inputs().get("data");
    assertEquals(ingest.key(), leaf.producer().key());
    assertTrue(leaf.isIngest());
    assertTrue(leaf.inputs().isEmpty());
  }

  @Test
  void textTree() {
    String data = ingest.output("data").digest().hex();
    String expected =
        "transform GaussianNoise v1  key " + transform.key().shortHex() + "\n"
            + "  params: {\"columns\":[\"x\"],\"std\":0.1}\n"
            + "  outputs: table=" + transform.output("table").digest().shortHex() + "\n"
            + "  input table:\n"
            + "    split RandomSplit v1  key " + split.key().shortHex() + "\n"
            + "      params: {\"ratios\":[0.5,0.5,0],\"seed\":1}\n"
            + "      outputs: table=" + split.output("table").digest().shortHex() + "\n"
            + "      input data:\n"
            + "        ingest file v1  key " + ingest.key().shortHex() + "\n"
            + "          source: " + csv.toAbsolutePath().toUri() + "\n"
            + "          size: 12 bytes\n"
            + "          sha256: " + data + "\n";
    assertEquals(expected, Lineage.trace(store, transform.output("table").digest()).toText());
  }

  @Test
  void jsonTree() {
    ObjectNode json = Lineage.trace(store, transform.output("table").digest()).toJson();
    assertEquals(transform.output("table").digest().hex(), json.path("blob").asText());
    assertEquals("GaussianNoise", json.path("producer").path("impl").asText());
    assertEquals(0.1, json.path("producer").path("params").path("std").asDouble());
    JsonNode leaf = json.path("inputs").path("table").path("inputs").path("data");
    assertEquals("ingest", leaf.path("producer").path("stage").asText());
    assertEquals(csv.toAbsolutePath().toUri().toString(), leaf.path("source").asText());
    assertEquals(12, leaf.path("producer").path("outputs").path("data").path("size").asInt());
    assertEquals(ingest.output("data").digest().hex(), leaf.path("blob").asText());
    assertTrue(leaf.path("inputs").isEmpty());
  }

  @Test
  void dotGraph() {
    String dot = Lineage.trace(store, transform.output("table").digest()).toDot();
    assertTrue(dot.startsWith("digraph lineage {\n"), dot);
    assertTrue(dot.endsWith("}\n"), dot);
    String t = "\"action_" + transform.key().hex() + "\"";
    String s = "\"action_" + split.key().hex() + "\"";
    String i = "\"action_" + ingest.key().hex() + "\"";
    String raw = "\"blob_" + ingest.output("data").digest().hex() + "\"";
    String mid = "\"blob_" + split.output("table").digest().hex() + "\"";
    String out = "\"blob_" + transform.output("table").digest().hex() + "\"";
    assertTrue(dot.contains("  " + i + " -> " + raw + " [label=\"data\"];\n"), dot);
    assertTrue(dot.contains("  " + raw + " -> " + s + " [label=\"data\"];\n"), dot);
    assertTrue(dot.contains("  " + s + " -> " + mid + " [label=\"table\"];\n"), dot);
    assertTrue(dot.contains("  " + mid + " -> " + t + " [label=\"table\"];\n"), dot);
    assertTrue(dot.contains("  " + t + " -> " + out + " [label=\"table\"];\n"), dot);
    assertTrue(dot.contains(t + " [shape=box, label=\"transform\\nGaussianNoise v1\\n" + transform.key().shortHex() + "\"];"), dot);
    assertEquals(6, dot.lines().filter(l -> l.contains("[shape=")).count(), dot);
  }

  @Test
  void blobWithoutProducerIsALeaf() {
    BlobRef bare = store.put("bare".getBytes(StandardCharsets.UTF_8), null);
    Lineage lineage = Lineage.trace(store, bare.digest());
    assertNull(lineage.root().producer());
    assertEquals(bare.digest().hex() + " (no recorded producer)\n", lineage.toText());
    assertTrue(lineage.toJson().path("producer").isNull());
  }

  @Test
  void aForgedCycleIsCutAtTheDepthLimit() throws Exception {
    // Keys hash their inputs, so a real store cannot hold a cycle; forge one behind the store's back.
    MemoryBackend backend = new MemoryBackend();
    try (ContentStore mem = new ContentStore(backend)) {
      BlobRef a = mem.put("a".getBytes(StandardCharsets.UTF_8), null);
      BlobRef b = mem.put("b".getBytes(StandardCharsets.UTF_8), null);
      Map<String, Digest> in = Map.of("in", a.digest());
      JsonNode p = CanonicalJson.MAPPER.createObjectNode();
      ActionRecord x = new ActionRecord(ActionRecord.SCHEMA, ActionKey.of("transform", "Loop", 1, p, in),
          "transform", "Loop", 1, p, new TreeMap<>(Map.of("in", a)), new TreeMap<>(Map.of("out", b)), null);
      mem.commit(x);
      backend.put(StoreKeys.producer(a.digest()),
          ("{\"action\":\"" + x.key().hex() + "\"}").getBytes(StandardCharsets.UTF_8), Map.of());
      Lineage lineage = Lineage.trace(mem, b.digest());
      Lineage.Node node = lineage.root();
      int depth = 0;
      while (!node.truncated()) {
        node = node.inputs().get("in");
        depth++;
      }
      assertEquals(Lineage.MAX_DEPTH, depth);
      assertTrue(lineage.toText().contains("(lineage deeper than 256 steps not shown)"));
    }
  }
}
