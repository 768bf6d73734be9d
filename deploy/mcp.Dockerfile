# The orchestrator-mcp servers (filesystem, git, memory); the compose file runs one container per server.
# Build from the repository root: docker build -f deploy/mcp.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Orchestrator.McpServers/Orchestrator.McpServers.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Non-root ('app', uid 1654); read-only root file system in compose. The token comes from ORCHESTRATOR_MCP_TOKEN.
USER app
ENTRYPOINT ["dotnet", "Orchestrator.McpServers.dll"]
