"""test_platform"""
