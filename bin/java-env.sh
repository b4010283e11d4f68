# Sourced by ./stimulus and ./mvnw: exports JAVA_HOME pointing at a JDK 21 or newer and the
# environment DJL needs to run offline. Fails with a clear message when no such JDK exists.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }
pick_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
           /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    local m; m=$(java_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(pick_jdk); then
  echo "stimulus needs a JDK 21 or newer (none found in JAVA_HOME or /usr/lib/jvm)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# DJL must never reach for the network: its natives come from the pytorch-native-cpu jar.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
