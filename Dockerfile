# The emulator as a container, for Python, JS and other non-JVM users:
#
#   mvn -B -q -DskipTests package -pl cli -am      # builds cli/target/sandbox-emulator.jar
#   docker build -t sandbox-emulator .
#   docker run -p 3000:3000 sandbox-emulator
#
# It runs the simulated backend (no container engine inside) and listens on 0.0.0.0:3000 in the
# container. JRE_IMAGE is any image with a Java 17+ `java` on its PATH; CI, which reaches no
# registry, passes one it builds locally (scripts/build-emulator-image.sh).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

LABEL org.opencontainers.image.title="sandbox-emulator" \
      org.opencontainers.image.description="Offline emulator of the Novita Sandbox service (E2B-compatible), simulated backend" \
      org.opencontainers.image.licenses="Apache-2.0"

COPY cli/target/sandbox-emulator.jar /opt/sandbox-emulator/sandbox-emulator.jar

# Not root: a fixed numeric user, so no user has to exist in the base image.
USER 10001:10001
ENV HOME=/tmp
EXPOSE 3000

# Cheap: bash opens the port (no curl or second JVM needed); the base images above both have bash.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000"]

# Exec form: java is PID 1 and gets SIGTERM (docker stop), on which serve closes every sandbox and exits.
ENTRYPOINT ["java", "-jar", "/opt/sandbox-emulator/sandbox-emulator.jar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
