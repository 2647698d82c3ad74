"""What points buy: the catalogue, gift stock, vouchers (one ``issue()``) and redemption."""
