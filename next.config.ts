import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server.ts) owns the HTTP server; these packages are Node-only.
  serverExternalPackages: ["mongoose", "embedded-mongo", "socket.io", "jsonwebtoken", "redis", "@socket.io/redis-streams-adapter"],
  allowedDevOrigins: ["127.0.0.1", "localhost"],
};

export default nextConfig;
