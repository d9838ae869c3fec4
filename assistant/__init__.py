"""The assistant: retrieve → answer → cite; chat, API and CLI on top."""
