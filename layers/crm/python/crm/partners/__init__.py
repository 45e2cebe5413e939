"""Partner relationship management: partners, deal registration with conflict detection, attribution of orders,
contribution, tiers and commissions, and the partner's own (isolated) view."""
