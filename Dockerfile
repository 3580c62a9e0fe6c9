# syntax=docker/dockerfile:1
# Node 24: the current LTS line (Node 20 reached its end of life in April 2026)
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig*.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
# the back office (web/) imports the generated client and the permission matrix
COPY client ./client
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:24.11.1-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# backups: pg_dump / pg_restore (PostgreSQL 15 client, as the server of docker-compose) and age
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client age \
  && rm -rf /var/lib/apt/lists/*
# /app/logs owned by crm: a fresh named volume mounted there takes this ownership
RUN useradd --system --uid 10001 crm && mkdir -p /app/data /app/logs && chown crm /app/data /app/logs
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
USER crm
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
