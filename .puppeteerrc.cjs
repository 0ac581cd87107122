// Debian's Chromium is used everywhere; the registry cannot serve Puppeteer's own browser build.
module.exports = { skipDownload: true };
