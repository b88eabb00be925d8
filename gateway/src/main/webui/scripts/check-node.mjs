// Vite 5.4 runs on Node 18 and 20+. Fail early, with what to do, instead of a cryptic bundler error.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 18 || (major === 18 && minor < 0)) {
  console.error(`\nThe web app needs Node.js 18 or newer; this is ${process.version}.\n` +
    `On Debian: sudo apt-get install -y nodejs npm   (Debian 12 ships Node 18)\n`);
  process.exit(1);
}
