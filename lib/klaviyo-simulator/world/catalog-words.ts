/** Vocabulary for generated catalog resources: plain retail words, so previews read like a real shop. */

export const ADJECTIVES = [
  "Ocean Blue",
  "Classic",
  "Vintage",
  "Organic",
  "Everyday",
  "Heritage",
  "Alpine",
  "Coastal",
  "Midnight",
  "Sunset",
  "Urban",
  "Trail",
  "Merino",
  "Linen",
  "Cozy",
  "Lightweight",
  "Recycled",
  "Limited Edition",
] as const;

export const PRODUCTS = [
  "Shirt",
  "Hoodie",
  "Sneaker",
  "Backpack",
  "Beanie",
  "Water Bottle",
  "Candle",
  "Mug",
  "Jacket",
  "Scarf",
  "Yoga Mat",
  "Sunglasses",
  "Wallet",
  "Tote Bag",
  "Throw Blanket",
  "Desk Lamp",
  "Notebook",
  "Tea Sampler",
] as const;

export const MATERIALS = [
  "Cotton",
  "Wool",
  "Canvas",
  "Leather",
  "Ceramic",
  "Bamboo",
  "Steel",
  "Denim",
  "Cashmere",
  "Soy Wax",
] as const;

export const BRANDS = [
  { name: "Northwind", code: "NW" },
  { name: "Acme Outfitters", code: "ACM" },
  { name: "Bluebird & Co.", code: "BB" },
  { name: "Kestrel", code: "KST" },
  { name: "Fjordline", code: "FJL" },
  { name: "Maple Street", code: "MPL" },
] as const;

export const SEASONS = ["SS26", "FW26", "Holiday 2026", "Evergreen"] as const;

export const SELLING_POINTS = [
  "Comfortable fit for every day.",
  "Ships in recyclable packaging.",
  "Designed in Portland, made to last.",
  "Machine washable, cold cycle.",
  "Backed by a two-year warranty.",
  "Our bestseller three seasons running.",
] as const;

export const VARIANT_OPTIONS = ["S", "M", "L", "XL"] as const;
export const COLORS = ["Navy", "Black", "Sand", "Forest", "Rust", "Heather Grey"] as const;

export const DEPARTMENTS = [
  "Women",
  "Men",
  "Kids",
  "Home",
  "Outdoor",
  "Accessories",
  "Gifts",
  "Sale",
  "New Arrivals",
  "Kitchen",
] as const;
export const GROUPS = [
  "Tops",
  "Shoes",
  "Bags",
  "Candles",
  "Drinkware",
  "Outerwear",
  "Basics",
  "Bestsellers",
  "Under $50",
  "Clearance",
  "Summer 2026",
  "Holiday",
] as const;
