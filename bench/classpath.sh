# Sourced by the bench scripts from the project root: compiles the app and the bench runners and sets CP.
# The runners live in src/bench/java, compiled with the tests (never into target/classes, so they do not ship).
# No -o: on a fresh clone Maven downloads what it needs; errors are shown, and set -e in the caller stops there.
./mvnw -q -B test-compile
if [[ ! -s target/cp.txt || pom.xml -nt target/cp.txt ]]; then
  ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
