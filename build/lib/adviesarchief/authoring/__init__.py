"""Writing letters, not publishing them: `new`, `import`, the live preview and the link check."""
