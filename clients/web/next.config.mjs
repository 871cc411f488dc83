/** Static export: the speech server serves the built files itself (no Node.js at run time). */
const nextConfig = {
  output: "export",
  images: { unoptimized: true },
  reactStrictMode: true,
};

export default nextConfig;
