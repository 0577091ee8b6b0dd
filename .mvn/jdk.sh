#!/bin/sh
# Prints the home of the JDK the build runs on: it needs Java 21 or newer (virtual threads), while a fresh
# Debian machine's default java may be 17. Order: JAVA_HOME if it is >= 21; the java on PATH if it is >= 21;
# else the newest JDK >= 21 found under /usr/lib/jvm, /opt/java, /usr/local, ~/.sdkman, ~/.jdks.
# Used by ./mvnw (so `./mvnw quarkus:dev` and `./mvnw verify` just work) and by the scripts that run `java`.
# Exits 1 with a message when there is none.
MIN=21

feature() { # the major version of the JDK at $1, from its release file
  [ -r "$1/release" ] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  [ -n "$v" ] || return 1
  echo "$v"
}

usable() { # $1 is a full JDK (has javac) of version >= MIN
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && v=$(feature "$1") && [ "$v" -ge "$MIN" ]
}

if [ -n "${JAVA_HOME-}" ] && usable "$JAVA_HOME"; then
  echo "$JAVA_HOME"
  exit 0
fi
if [ -z "${JAVA_HOME-}" ] && j=$(command -v java 2>/dev/null); then
  home=$(dirname "$(dirname "$(readlink -f "$j")")")
  if usable "$home"; then
    echo "$home"
    exit 0
  fi
fi
best=
best_v=0
for home in /usr/lib/jvm/* /opt/java/* /usr/local/*jdk* "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/*; do
  [ -d "$home" ] && usable "$home" || continue
  v=$(feature "$home")
  if [ "$v" -gt "$best_v" ]; then
    best=$home
    best_v=$v
  fi
done
if [ -n "$best" ]; then
  echo "$best"
  exit 0
fi
echo "dashboard-insights needs a JDK $MIN or newer (found none: JAVA_HOME=${JAVA_HOME-unset}, none under /usr/lib/jvm)." >&2
echo "Install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 25) or set JAVA_HOME to it." >&2
exit 1
