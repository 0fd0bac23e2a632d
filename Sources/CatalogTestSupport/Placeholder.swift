enum _PCatalogTestSupport {}
