# Tributary on PostgreSQL (see docker-compose.yml). The build stage makes a production
# install, whose postinstall generates the Prisma client, compiles TypeScript and builds the
# web app into dist/web (the build tools are dependencies for that); the runtime stage copies the result.
#
# Node 24 is an LTS line inside package.json's engines (tests/unit/foundation/engines.test.ts
# checks that). npm is pinned to the version the lockfile is made with: from 11.19 on, npm
# honours package.json's allowScripts, so dependencies' install scripts stay off here as on
# developers' machines and CI (older npm runs them, and @prisma/engines' tries a download).
FROM node:24-bookworm-slim AS build
RUN npm install --global --no-audit --no-fund npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY web ./web
COPY prisma ./prisma
COPY src ./src
COPY bin ./bin
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/bin ./bin
COPY examples ./examples
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Applies pending migrations, then serves. Admin commands: docker compose exec tributary node bin/tributary.js --help
# A 64 MB young generation: fewer scavenges of the short-lived objects every request makes
# (the hub impact bench: +20-37 % requests/s at 16 clients). See the README's "Benchmarks".
# `docker stop` sends SIGTERM: the server finishes requests in flight and exits 0.
CMD ["node", "--max-semi-space-size=64", "bin/tributary.js", "serve"]
