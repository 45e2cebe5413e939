"""Staff and partner users: the user pool's accounts and their groups, administered by admins."""
