# Production image: builds the app, runs it against DATABASE_URL (see docker-compose.yml).
# Node 24: an LTS line maintained until April 2028 (README, "Node.js versions").
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/toss-sandbox/package.json packages/toss-sandbox/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production TZ=UTC
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The Toss sandbox package (node_modules/toss-sandbox links here), mounted only with SANDBOX_ENABLED=true.
COPY --from=build /app/packages/toss-sandbox/package.json ./packages/toss-sandbox/
COPY --from=build /app/packages/toss-sandbox/dist ./packages/toss-sandbox/dist
COPY --from=build /app/packages/toss-sandbox/public ./packages/toss-sandbox/public
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
