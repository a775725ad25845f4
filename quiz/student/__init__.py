"""What students see: the quiz list, a quiz's start page, its passages and the result."""
