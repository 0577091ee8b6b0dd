# Sourced by the bench scripts from the project root: compiles main classes (offline) and sets CP.
./mvnw -q -o -B compile
if [[ ! -s target/cp.txt || pom.xml -nt target/cp.txt ]]; then
  ./mvnw -q -o -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
fi
CP="target/classes:$(cat target/cp.txt)"
