# Build stage: the same command as the README.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml cluster.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# Run stage: a JRE and the one jar. Embedded PostgreSQL/Redis need glibc (not Alpine) and a
# non-root user is good practice in any case.
FROM eclipse-temurin:17-jre
RUN useradd --create-home --uid 10001 reelay && mkdir -p /data /storage && chown reelay /data /storage
USER reelay
WORKDIR /home/reelay
COPY --from=build /src/target/reelay.jar /opt/reelay/reelay.jar
ENV REELAY_DATA_DIR=/data
VOLUME /data
EXPOSE 8080 1935 9000/udp 5701
STOPSIGNAL SIGTERM
# FFmpeg's native libraries unpack under the data dir, not the home directory.
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-Dorg.bytedeco.javacpp.cachedir=/data/.javacpp", "-jar", "/opt/reelay/reelay.jar"]
