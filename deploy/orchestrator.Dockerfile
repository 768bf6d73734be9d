# The orchestrator host (`orchestrator serve`): Budget API, /metrics and the dashboard (and the gateway once it lands).
# Build from the repository root: docker build -f deploy/orchestrator.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Orchestrator.Samples/Orchestrator.Samples.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Non-root: the image's built-in 'app' user (uid 1654). The file system is mounted read-only by the compose file;
# only /data (the index and budget files) and /tmp are writable.
ENV HOME=/data \
    XDG_DATA_HOME=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
USER app
EXPOSE 5080
ENTRYPOINT ["dotnet", "orchestrator.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:5080"]
