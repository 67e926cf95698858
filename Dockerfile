# One image for every app; the command picks which one runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the lockfile omits optional platform builds this project's registry lacked (see .ci/run)
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && (npm run build:web --if-present)

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web/dist ./dist/apps/web/dist
USER node
# APP=gateway | auth-agent | brand-agent | strategy-agent | creation-agent | publishing-agent
ENV APP=gateway
CMD ["sh", "-c", "node -r ./dist/tools/run/dist-paths.js dist/apps/$APP/src/main.js"]
