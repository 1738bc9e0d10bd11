# Worksort server image: the built client and the server, run as a non-root user.
# Build stage: native modules (better-sqlite3) compile here, with the toolchain they need.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# The lock alone decides what installs (the benchmark's own packages, test/bench/, are not part of it).
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Run stage: no compiler, no dev dependencies. The PDF report's fonts (Chinese, Japanese and Korean
# names included) are npm packages in node_modules, so no system package is needed.
FROM node:20-bookworm-slim
# Two malloc arenas instead of one per thread: sharp's and the ingest workers' threads otherwise
# leave hundreds of megabytes of fragmented memory behind (measured in test/bench/ingest.bench.ts).
# A fixed mmap threshold: blocks of 128 KiB and more go back to the system when freed (README
# "Restart and memory"), as `npm start` sets it.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/server ./server
COPY --from=build /app/shared ./shared
COPY --from=build /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A small young generation, slow heap growth, no pretenuring and no garbage-collector helper threads, as `npm start` runs it:
# less memory at the same CPU, and no helper taking the core from the event loop (README).
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=20", "--no-allocation-site-pretenuring", "--no-concurrent-marking", "--no-concurrent-sweeping", "server/dist/main.cjs"]
