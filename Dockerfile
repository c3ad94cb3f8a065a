# lithium-wire as a container: `docker compose up` (compose.yaml) runs it next to Redis, or alone on SQLite.
# Build stage: the same steps as the README's from-source install (npm ci, npm run build). better-sqlite3
# compiles from source where no prebuilt binary can be downloaded, so the build stage has python3, make, g++.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci
RUN npm run build
RUN npm prune --omit=dev

# Run stage: no compiler, no sources, a non-root user, the store on a volume.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 STORE_URL=sqlite:///data/lithium-wire.sqlite CONFIG_DIR=/app/config
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
# One sans font for the /ticker chart's labels (resvg draws text only with fonts it finds; ~1.5 MB).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: the bot stops polling, finishes the send in flight and closes the store (a few seconds; compose
# gives it 30 s, stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["start"]
