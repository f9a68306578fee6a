"""test_portal"""
