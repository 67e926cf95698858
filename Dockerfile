# One image for every app; APP picks which one runs (gateway | auth-agent | brand-agent |
# strategy-agent | creation-agent | publishing-agent | migrate).
# Build: docker build -t marketing-team:0.1.0 .
# Node.js 22 (LTS): Node.js 20 is out of upstream support (ADR 220).

# --- build: every dependency, the server build, the web build, then production dependencies only ---
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm run build:web \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: Node, production dependencies, compiled server, built web files; nothing else ---
FROM node:22-bookworm-slim
# The allocator's settings (ADR 214), the same as the npm start scripts': two malloc arenas, and
# blocks from 128 KiB mapped on their own and given back when freed.
ENV NODE_ENV=production \
    GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072 \
    APP=gateway \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./dist/apps/web/dist
# The operator command (`docker exec <container> marketing-team doctor`): its bin runs the compiled build.
COPY --from=build /app/tools/cli/bin/marketing-team.js ./tools/cli/bin/marketing-team.js
RUN ln -s /app/tools/cli/bin/marketing-team.js /usr/local/bin/marketing-team
# The only place the app writes besides /tmp (the embedded mode's data; unused with shared services).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "dist/tools/run/healthcheck.js"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and gets SIGTERM itself (a shell as PID 1 would not pass it on).
CMD ["node", "-r", "./dist/tools/run/dist-paths.js", "dist/tools/run/app.js"]
