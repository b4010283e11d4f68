package dev.stimulus.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file the experiment names beside itself (a stimulus-py config), read within the size a config can have. */
record SideFile(Path path, byte[] bytes) {

  /**
   * The file named at {@code key} (a dotted path) of the experiment, relative to {@code baseDir}.
   *
   * @throws ExperimentException at {@code key} when it names no readable file of a config's size
   */
  static SideFile named(YamlDocument doc, Path baseDir, String key, String what) {
    JsonNode n = doc.root();
    for (String part : key.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    String text = new ShapeChecks(doc).text(n, key);
    return read(doc, baseDir.resolve(text).toAbsolutePath().normalize(), key, what);
  }

  /** {@code path}; errors are reported at {@code key} of the experiment file. */
  static SideFile read(YamlDocument doc, Path path, String key, String what) {
    try {
      if (!Files.isRegularFile(path)) {
        throw doc.error(key, what + " not found: " + path);
      }
      if (Files.size(path) > YamlDocument.MAX_CODE_POINTS * 4L) {
        throw doc.error(key, path + " is larger than a " + what + " can be (" + Files.size(path) + " bytes)");
      }
      return new SideFile(path, Files.readAllBytes(path));
    } catch (IOException e) {
      throw doc.error(key, "cannot read " + path + ": " + e.getMessage());
    }
  }

  YamlDocument parse() {
    return YamlDocument.parse(path.toString(), bytes);
  }
}
