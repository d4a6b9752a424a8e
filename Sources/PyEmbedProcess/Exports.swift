@_exported import PyEmbed
