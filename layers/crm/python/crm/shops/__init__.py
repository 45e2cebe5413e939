"""Online shops: their order webhooks (WooCommerce, Shopify) become customers and orders."""
