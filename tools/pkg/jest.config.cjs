module.exports = { ...require("@ga/jest-preset/jest-preset.cjs") };
